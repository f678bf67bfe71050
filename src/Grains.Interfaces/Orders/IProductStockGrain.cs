namespace EcommerceBackend.Contracts.Orders;

/// <summary>Stock operations of a product on behalf of orders, keyed like <c>IProductGrain</c>.</summary>
[Alias("ecommerce.IProductStockGrain")]
public interface IProductStockGrain : IGrainWithStringKey
{
    /// <summary>Takes <paramref name="quantity"/> units for an order, or nothing. Repeating it for the same order takes nothing more.</summary>
    [Alias("Reserve")]
    Task<StockReservation> ReserveAsync(string orderId, int quantity);

    /// <summary>Returns an order's units to stock; a second release of the same order returns nothing.</summary>
    [Alias("Release")]
    Task ReleaseAsync(string orderId);

    /// <summary>Forgets an order's reservation once it can no longer be released (the order shipped).</summary>
    [Alias("Commit")]
    Task CommitAsync(string orderId);
}

/// <summary>The outcome of a reservation.</summary>
[GenerateSerializer, Immutable, Alias("ecommerce.StockReservation")]
public sealed record StockReservation
{
    /// <summary>Whether the units are held for the order.</summary>
    [Id(0)] public required bool Reserved { get; init; }

    /// <summary>Whether the product exists (and is not deleted).</summary>
    [Id(1)] public required bool Exists { get; init; }

    /// <summary>The units available (after the reservation when it succeeded).</summary>
    [Id(2)] public required int Available { get; init; }

    /// <summary>The product name, for the order line.</summary>
    [Id(3)] public string Name { get; init; } = "";

    /// <summary>The unit price, for the order line.</summary>
    [Id(4)] public decimal UnitPrice { get; init; }
}

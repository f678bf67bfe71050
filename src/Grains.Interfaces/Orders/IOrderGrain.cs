namespace EcommerceBackend.Grains.Orders;

/// <summary>
/// One order, keyed by order id. Placement reserves every line's stock in the product grains first, all or
/// none; the order exists only once its stock is held. With an idempotency key, the id is derived from the
/// customer and the key, so retries reach this same grain and get the same order.
/// </summary>
[Alias("ecommerce.IOrderGrain")]
public interface IOrderGrain : IGrainWithStringKey
{
    /// <summary>Places the order, or returns it when it was already placed with the same request.</summary>
    [Alias("Place")]
    Task<OrderResult> PlaceAsync(PlaceOrder order);

    /// <summary>Returns the order, or <see langword="null"/>.</summary>
    [Alias("Get")]
    Task<OrderDetails?> GetAsync();

    /// <summary>Moves the order to <paramref name="status"/> if the status machine allows it from where it is.</summary>
    [Alias("ChangeStatus")]
    Task<OrderResult> ChangeStatusAsync(OrderStatus status, string actor);

    /// <summary>Cancels the order and returns its stock; cancelling a cancelled order changes nothing.</summary>
    [Alias("Cancel")]
    Task<OrderResult> CancelAsync(string actor);
}

/// <summary>The orders of one customer, keyed by customer id, newest first.</summary>
[Alias("ecommerce.ICustomerOrdersGrain")]
public interface ICustomerOrdersGrain : IGrainWithStringKey
{
    /// <summary>Records an order of this customer (idempotent).</summary>
    [Alias("Add")]
    Task AddAsync(string orderId, DateTimeOffset createdAt);

    /// <summary>One page of the customer's order ids, newest first, with the total count.</summary>
    [Alias("List")]
    Task<PagedResult<string>> ListAsync(PageRequest page);
}

/// <summary>
/// A full, older part of one customer's order list, keyed <c>{customerId}/{chunk}</c>, written once: the
/// customer's list grain keeps only its newest orders in its own state, so its writes stay small.
/// </summary>
[Alias("ecommerce.ICustomerOrderArchiveGrain")]
public interface ICustomerOrderArchiveGrain : IGrainWithStringKey
{
    /// <summary>Stores the chunk's order ids, newest first (a repeat of the same store changes nothing).</summary>
    [Alias("Store")]
    Task StoreAsync(IReadOnlyList<string> orderIds);

    /// <summary>The chunk's order ids, newest first.</summary>
    [Alias("Get")]
    Task<IReadOnlyList<string>> GetAsync();
}

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

using EcommerceBackend.Contracts.Orders;

namespace EcommerceBackend.Contracts.Analytics;

/// <summary>
/// The headline figures of the shop. Every order placed counts once, under its latest status; a cancelled order
/// stays among the orders placed but takes its revenue back.
/// </summary>
[GenerateSerializer, Alias("ecommerce.AnalyticsSummary")]
public sealed record AnalyticsSummary
{
    /// <summary>Rises whenever the figures change (and only then); comparing it tells whether anything changed.</summary>
    [Id(0)] public required long Version { get; init; }

    /// <summary>When these figures were put together (the last refresh that changed them).</summary>
    [Id(1)] public required DateTimeOffset AsOf { get; init; }

    /// <summary>Orders placed, including the ones later cancelled.</summary>
    [Id(2)] public required int TotalOrders { get; init; }

    /// <summary>The sum of the totals of the orders that are not cancelled.</summary>
    [Id(3)] public required decimal Revenue { get; init; }

    /// <summary><see cref="Revenue"/> / (<see cref="TotalOrders"/> − <see cref="CancelledOrders"/>), rounded to the cent (half away from zero); 0 when there is no such order.</summary>
    [Id(4)] public required decimal AverageOrderValue { get; init; }

    /// <summary>Every order counted once, under its latest status; every status is listed, 0 included.</summary>
    [Id(5)] public required IReadOnlyDictionary<OrderStatus, int> OrdersByStatus { get; init; }

    /// <summary>Orders cancelled.</summary>
    [Id(6)] public required int CancelledOrders { get; init; }

    /// <summary><see cref="CancelledOrders"/> / <see cref="TotalOrders"/>, from 0 to 1; 0 when no order was placed.</summary>
    [Id(7)] public required double CancellationRate { get; init; }

    /// <summary>Customer accounts opened (<c>customer.registered</c>; seeded administrators are not counted).</summary>
    [Id(8)] public required int Registrations { get; init; }

    /// <summary>
    /// Products whose latest known stock (the <c>product.updated</c> with the highest product version) is below
    /// the low-stock threshold (<c>Catalog:LowStockThreshold</c>), lowest stock first; deleted products are left out.
    /// A product is known from its first stock or admin change.
    /// </summary>
    [Id(9)] public required IReadOnlyList<LowStockProduct> LowStockProducts { get; init; }
}

/// <summary>A product under the low-stock threshold.</summary>
[GenerateSerializer, Alias("ecommerce.LowStockProduct")]
public sealed record LowStockProduct
{
    /// <summary>The product id.</summary>
    [Id(0)] public required string ProductId { get; init; }

    /// <summary>Its name.</summary>
    [Id(1)] public required string Name { get; init; }

    /// <summary>Its latest known stock.</summary>
    [Id(2)] public required int Stock { get; init; }

    /// <summary>The threshold it is below.</summary>
    [Id(3)] public required int Threshold { get; init; }
}

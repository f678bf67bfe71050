using EcommerceBackend.Contracts.Orders;

namespace EcommerceBackend.Contracts.Analytics;

/// <summary>What one shard contributes to the analytics, at one version of the shard.</summary>
[GenerateSerializer, Immutable, Alias("ecommerce.AnalyticsPartial")]
public sealed record AnalyticsPartial
{
    /// <summary>The shard's version: it rises with every change of these totals.</summary>
    [Id(0)] public required long Version { get; init; }

    /// <summary>The shard's totals.</summary>
    [Id(1)] public required AnalyticsTotals Totals { get; init; }

    /// <summary>The shard's products below the low-stock threshold.</summary>
    [Id(2)] public required IReadOnlyList<LowStockProduct> LowStock { get; init; }
}

/// <summary>
/// Totals that add up over shards: the orders, products and registrations one shard owns, as it last stored them.
/// The shard keeps and changes its own copy; this is the answer it hands out, never changed after it is made.
/// </summary>
/// <remarks>
/// This and the two types below are classes, not records: the shard's stored state holds <see cref="SalesTotals"/>
/// and <see cref="ProductSales"/>, and Orleans lays a record out differently from a class, so a record would read
/// the states stored before as zeros.
/// </remarks>
[GenerateSerializer, Immutable, Alias("ecommerce.AnalyticsTotals")]
public sealed class AnalyticsTotals
{
    /// <summary>Orders placed.</summary>
    [Id(0)] public required int TotalOrders { get; init; }

    /// <summary>Orders cancelled.</summary>
    [Id(1)] public required int CancelledOrders { get; init; }

    /// <summary>The totals of orders not cancelled.</summary>
    [Id(2)] public required decimal Revenue { get; init; }

    /// <summary>Orders per latest status (statuses with none left out).</summary>
    [Id(3)] public required IReadOnlyDictionary<OrderStatus, int> OrdersByStatus { get; init; }

    /// <summary>
    /// Orders per UTC hour of placement, for the hours from <see cref="FoldedBefore"/> on (hours with none left out).
    /// </summary>
    [Id(4)] public required IReadOnlyDictionary<DateTimeOffset, SalesTotals> Hours { get; init; }

    /// <summary>Sales per product over orders not cancelled (products with none left out).</summary>
    [Id(5)] public required IReadOnlyDictionary<string, ProductSales> Products { get; init; }

    /// <summary>Customers registered.</summary>
    [Id(6)] public required int Registrations { get; init; }

    /// <summary>
    /// Orders per UTC day of placement, for the days before <see cref="FoldedBefore"/>, whose hours were folded into
    /// them (days with none left out).
    /// </summary>
    [Id(7)] public required IReadOnlyDictionary<DateTimeOffset, SalesTotals> Days { get; init; }

    /// <summary>
    /// The start of the first UTC day still kept per hour: orders placed before it count in <see cref="Days"/>, the
    /// others in <see cref="Hours"/>. Always a UTC midnight (the default: nothing folded).
    /// </summary>
    [Id(8)] public required DateTimeOffset FoldedBefore { get; init; }
}

/// <summary>The orders of one hour or day.</summary>
[GenerateSerializer, Immutable, Alias("ecommerce.SalesTotals")]
public sealed class SalesTotals
{
    /// <summary>Orders placed.</summary>
    [Id(0)] public required int Orders { get; init; }

    /// <summary>The totals of those not cancelled.</summary>
    [Id(1)] public required decimal Revenue { get; init; }

    /// <summary>Those cancelled.</summary>
    [Id(2)] public required int Cancelled { get; init; }
}

/// <summary>One product's sales over orders not cancelled.</summary>
[GenerateSerializer, Immutable, Alias("ecommerce.ProductSales")]
public sealed class ProductSales
{
    /// <summary>The name on the most recently placed order counted.</summary>
    [Id(0)] public required string Name { get; init; }

    /// <summary>When that order was placed.</summary>
    [Id(1)] public required DateTimeOffset NamedAt { get; init; }

    /// <summary>Units sold.</summary>
    [Id(2)] public required int Units { get; init; }

    /// <summary>The sum of the line totals.</summary>
    [Id(3)] public required decimal Revenue { get; init; }
}

using EcommerceBackend.Grains.Orders;

namespace EcommerceBackend.Grains.Analytics;

/// <summary>The width of a sales bucket.</summary>
[GenerateSerializer, Alias("ecommerce.SalesInterval")]
public enum SalesInterval
{
    /// <summary>One UTC hour.</summary>
    Hour = 0,

    /// <summary>One UTC day.</summary>
    Day = 1,
}

/// <summary>What top products are ranked by.</summary>
[GenerateSerializer, Alias("ecommerce.TopProductsBy")]
public enum TopProductsBy
{
    /// <summary>Units sold.</summary>
    Units = 0,

    /// <summary>Revenue.</summary>
    Revenue = 1,
}

/// <summary>The bounds of a sales query.</summary>
public static class SalesRange
{
    /// <summary>The most buckets one query may span (about 41 days of hours, or 2.7 years of days).</summary>
    public const int MaxBuckets = 1000;

    /// <summary>The start of the UTC hour or day that holds <paramref name="time"/>.</summary>
    public static DateTimeOffset BucketStart(DateTimeOffset time, SalesInterval interval)
    {
        var utc = time.UtcDateTime;
        return interval == SalesInterval.Day
            ? new DateTimeOffset(utc.Year, utc.Month, utc.Day, 0, 0, 0, TimeSpan.Zero)
            : new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero);
    }

    /// <summary>The length of one bucket.</summary>
    public static TimeSpan Width(SalesInterval interval) => interval == SalesInterval.Day ? TimeSpan.FromDays(1) : TimeSpan.FromHours(1);

    /// <summary>How many buckets the range from <paramref name="from"/> to <paramref name="to"/> spans (0 when <paramref name="from"/> is after <paramref name="to"/>).</summary>
    public static long BucketCount(DateTimeOffset from, DateTimeOffset to, SalesInterval interval) =>
        from > to ? 0 : ((BucketStart(to, interval) - BucketStart(from, interval)).Ticks / Width(interval).Ticks) + 1;
}

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

/// <summary>The orders placed in one UTC hour or day.</summary>
[GenerateSerializer, Alias("ecommerce.SalesBucket")]
public sealed record SalesBucket
{
    /// <summary>The start of the hour or day (UTC).</summary>
    [Id(0)] public required DateTimeOffset Start { get; init; }

    /// <summary>Orders placed in it (by their creation time), including the ones later cancelled.</summary>
    [Id(1)] public required int Orders { get; init; }

    /// <summary>The sum of the totals of those orders that are not cancelled.</summary>
    [Id(2)] public required decimal Revenue { get; init; }

    /// <summary>How many of those orders are cancelled.</summary>
    [Id(3)] public required int Cancelled { get; init; }
}

/// <summary>A product's sales, counted over the lines of orders that are not cancelled.</summary>
[GenerateSerializer, Alias("ecommerce.TopProduct")]
public sealed record TopProduct
{
    /// <summary>The product id.</summary>
    [Id(0)] public required string ProductId { get; init; }

    /// <summary>The product name on its most recently placed order.</summary>
    [Id(1)] public required string Name { get; init; }

    /// <summary>Units sold.</summary>
    [Id(2)] public required int Units { get; init; }

    /// <summary>The sum of its line totals.</summary>
    [Id(3)] public required decimal Revenue { get; init; }
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

using EcommerceBackend.Contracts.Orders;

namespace EcommerceBackend.Contracts.Analytics;

/// <summary>What one shard contributes to the analytics, at one version of the shard.</summary>
[GenerateSerializer, Alias("ecommerce.AnalyticsPartial")]
public sealed record AnalyticsPartial
{
    /// <summary>The shard's version: it rises with every change of these totals.</summary>
    [Id(0)] public required long Version { get; init; }

    /// <summary>The shard's totals.</summary>
    [Id(1)] public required AnalyticsTotals Totals { get; init; }

    /// <summary>The shard's products below the low-stock threshold.</summary>
    [Id(2)] public required IReadOnlyList<LowStockProduct> LowStock { get; init; }
}

/// <summary>Totals that add up over shards: the orders, products and registrations one shard owns.</summary>
[GenerateSerializer, Alias("ecommerce.AnalyticsTotals")]
public sealed class AnalyticsTotals
{
    /// <summary>Orders placed.</summary>
    [Id(0)] public int TotalOrders { get; set; }

    /// <summary>Orders cancelled.</summary>
    [Id(1)] public int CancelledOrders { get; set; }

    /// <summary>The totals of orders not cancelled.</summary>
    [Id(2)] public decimal Revenue { get; set; }

    /// <summary>Orders per latest status (statuses with none left out).</summary>
    [Id(3)] public Dictionary<OrderStatus, int> OrdersByStatus { get; init; } = [];

    /// <summary>
    /// Orders per UTC hour of placement, for the hours from <see cref="FoldedBefore"/> on (hours with none left out).
    /// </summary>
    [Id(4)] public Dictionary<DateTimeOffset, SalesTotals> Hours { get; init; } = [];

    /// <summary>Sales per product over orders not cancelled (products with none left out).</summary>
    [Id(5)] public Dictionary<string, ProductSales> Products { get; init; } = [];

    /// <summary>Customers registered.</summary>
    [Id(6)] public int Registrations { get; set; }

    /// <summary>
    /// Orders per UTC day of placement, for the days before <see cref="FoldedBefore"/>, whose hours were folded into
    /// them (days with none left out).
    /// </summary>
    [Id(7)] public Dictionary<DateTimeOffset, SalesTotals> Days { get; init; } = [];

    /// <summary>
    /// The start of the first UTC day still kept per hour: orders placed before it count in <see cref="Days"/>, the
    /// others in <see cref="Hours"/>. Always a UTC midnight, and it only ever rises (the default folds nothing).
    /// </summary>
    [Id(8)] public DateTimeOffset FoldedBefore { get; set; }

    /// <summary>
    /// Adds to the sales bucket of an order placed at <paramref name="createdAt"/> (negative figures take back): its
    /// hour, or its day once that hour is folded. A bucket left with no orders is removed.
    /// </summary>
    public void AddSales(DateTimeOffset createdAt, int orders, decimal revenue, int cancelled)
    {
        // FoldedBefore is a midnight, so an order's whole day is on one side of it: hours and days never overlap.
        var (buckets, start) = createdAt < FoldedBefore
            ? (Days, SalesRange.BucketStart(createdAt, SalesInterval.Day))
            : (Hours, SalesRange.BucketStart(createdAt, SalesInterval.Hour));
        Add(buckets, start, orders, revenue, cancelled);
    }

    /// <summary>
    /// Folds every hour before <paramref name="cutoff"/> (a UTC midnight) into its day and moves
    /// <see cref="FoldedBefore"/> up to it. No total changes: every order stays counted in its day. Returns whether
    /// anything moved; a cutoff not above <see cref="FoldedBefore"/> does nothing.
    /// </summary>
    public bool FoldHoursBefore(DateTimeOffset cutoff)
    {
        var midnight = SalesRange.BucketStart(cutoff, SalesInterval.Day);
        if (cutoff != midnight)
        {
            // A cutoff inside a day would split it between an hour and a day bucket.
            throw new ArgumentException($"The cutoff ({cutoff:O}) is not a UTC midnight.", nameof(cutoff));
        }

        if (cutoff <= FoldedBefore)
        {
            return false;
        }

        foreach (var (hour, sales) in Hours.Where(h => h.Key < cutoff).ToList())
        {
            Hours.Remove(hour);
            Add(Days, SalesRange.BucketStart(hour, SalesInterval.Day), sales.Orders, sales.Revenue, sales.Cancelled);
        }

        FoldedBefore = midnight;
        return true;
    }

    private static void Add(Dictionary<DateTimeOffset, SalesTotals> buckets, DateTimeOffset start, int orders, decimal revenue, int cancelled)
    {
        if (!buckets.TryGetValue(start, out var bucket))
        {
            buckets[start] = bucket = new SalesTotals();
        }

        bucket.Orders += orders;
        bucket.Revenue += revenue;
        bucket.Cancelled += cancelled;
        if (bucket.Orders == 0)
        {
            buckets.Remove(start);
        }
    }
}

/// <summary>The orders of one hour or day.</summary>
[GenerateSerializer, Alias("ecommerce.SalesTotals")]
public sealed class SalesTotals
{
    /// <summary>Orders placed.</summary>
    [Id(0)] public int Orders { get; set; }

    /// <summary>The totals of those not cancelled.</summary>
    [Id(1)] public decimal Revenue { get; set; }

    /// <summary>Those cancelled.</summary>
    [Id(2)] public int Cancelled { get; set; }
}

/// <summary>One product's sales over orders not cancelled.</summary>
[GenerateSerializer, Alias("ecommerce.ProductSales")]
public sealed class ProductSales
{
    /// <summary>The name on the most recently placed order counted.</summary>
    [Id(0)] public string Name { get; set; } = "";

    /// <summary>When that order was placed.</summary>
    [Id(1)] public DateTimeOffset NamedAt { get; set; }

    /// <summary>Units sold.</summary>
    [Id(2)] public int Units { get; set; }

    /// <summary>The sum of the line totals.</summary>
    [Id(3)] public decimal Revenue { get; set; }
}

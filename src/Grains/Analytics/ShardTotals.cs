using EcommerceBackend.Contracts.Analytics;
using EcommerceBackend.Contracts.Orders;

namespace EcommerceBackend.Grains.Analytics;

/// <summary>
/// An analytics shard's running totals as it stores them (<see cref="AnalyticsShardState.Totals"/>), with the
/// arithmetic that keeps them: changed only on a <see cref="Clone"/> that a write then commits. What the shard hands
/// out is <see cref="ToAnswer"/>, the contract's immutable <see cref="AnalyticsTotals"/>.
/// </summary>
/// <remarks>
/// The fields keep the numbers they had when the contract's <c>AnalyticsTotals</c> was the stored type, and the
/// stored field is declared with this exact type (so no type name is written): states stored before read the same.
/// Marked immutable because no committed instance is ever changed (the shard changes only its clone before the
/// write): grain storage may then share a committed one rather than deep-copy it on every write and read.
/// </remarks>
[GenerateSerializer, Immutable, Alias("ecommerce.AnalyticsShardTotals")]
public sealed class ShardTotals
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

    /// <summary>Adds (<paramref name="sign"/> = 1) or takes back (−1) what an order in a given state counts for.</summary>
    public void Count(AnalyticsOrderRecord order, int sign)
    {
        var cancelled = order.Status == OrderStatus.Cancelled;
        var revenue = cancelled ? 0m : sign * order.Total;
        TotalOrders += sign;
        Revenue += revenue;
        if (cancelled)
        {
            CancelledOrders += sign;
        }

        var byStatus = OrdersByStatus.GetValueOrDefault(order.Status) + sign;
        if (byStatus == 0)
        {
            OrdersByStatus.Remove(order.Status);
        }
        else
        {
            OrdersByStatus[order.Status] = byStatus;
        }

        AddSales(order.CreatedAt, sign, revenue, cancelled ? sign : 0);

        if (cancelled)
        {
            return;
        }

        foreach (var line in order.Lines)
        {
            var sales = Products.GetValueOrDefault(line.ProductId)
                ?? new ProductSales { Name = line.Name, NamedAt = order.CreatedAt, Units = 0, Revenue = 0m };
            var renamed = sign > 0 && order.CreatedAt >= sales.NamedAt;
            sales = new ProductSales
            {
                Name = renamed ? line.Name : sales.Name,
                NamedAt = renamed ? order.CreatedAt : sales.NamedAt,
                Units = sales.Units + (sign * line.Units),
                Revenue = sales.Revenue + (sign * line.Revenue),
            };
            if (sales.Units == 0)
            {
                Products.Remove(line.ProductId);
            }
            else
            {
                Products[line.ProductId] = sales;
            }
        }
    }

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

    /// <summary>A copy to change: its own maps, sharing their values (immutable records) with this one.</summary>
    public ShardTotals Clone() => new()
    {
        TotalOrders = TotalOrders,
        CancelledOrders = CancelledOrders,
        Revenue = Revenue,
        OrdersByStatus = new Dictionary<OrderStatus, int>(OrdersByStatus),
        Hours = new Dictionary<DateTimeOffset, SalesTotals>(Hours),
        Products = new Dictionary<string, ProductSales>(Products, Products.Comparer),
        Registrations = Registrations,
        Days = new Dictionary<DateTimeOffset, SalesTotals>(Days),
        FoldedBefore = FoldedBefore,
    };

    /// <summary>The totals as the contract hands them out: a snapshot that later changes to this state leave alone.</summary>
    public AnalyticsTotals ToAnswer() => new()
    {
        TotalOrders = TotalOrders,
        CancelledOrders = CancelledOrders,
        Revenue = Revenue,
        OrdersByStatus = new Dictionary<OrderStatus, int>(OrdersByStatus),
        // The buckets and product sales are immutable records: the snapshot shares them.
        Hours = new Dictionary<DateTimeOffset, SalesTotals>(Hours),
        Products = new Dictionary<string, ProductSales>(Products, StringComparer.Ordinal),
        Registrations = Registrations,
        Days = new Dictionary<DateTimeOffset, SalesTotals>(Days),
        FoldedBefore = FoldedBefore,
    };

    private static void Add(Dictionary<DateTimeOffset, SalesTotals> buckets, DateTimeOffset start, int orders, decimal revenue, int cancelled)
    {
        var bucket = buckets.GetValueOrDefault(start);
        var next = new SalesTotals
        {
            Orders = (bucket?.Orders ?? 0) + orders,
            Revenue = (bucket?.Revenue ?? 0m) + revenue,
            Cancelled = (bucket?.Cancelled ?? 0) + cancelled,
        };
        if (next.Orders == 0)
        {
            buckets.Remove(start);
        }
        else
        {
            buckets[start] = next;
        }
    }
}

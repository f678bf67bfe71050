using EcommerceBackend.Grains.Events;
using EcommerceBackend.Grains.Orders;
using Orleans.Concurrency;

namespace EcommerceBackend.Grains.Analytics;

/// <summary>
/// Reads the order, product and customer event streams for the analytics: one stateless consumer per event stream,
/// activated by implicit subscription (its key is the stream's key, the routing key). It hands an order or
/// registration to the entity that remembers it, a product to its shard; a failure there fails the delivery, so the
/// stream delivers the event again.
/// </summary>
[Alias("ecommerce.IAnalyticsConsumerGrain")]
public interface IAnalyticsConsumerGrain : IGrainWithStringKey
{
    /// <summary>Handles one event as if the stream had delivered it (a redelivery changes nothing).</summary>
    [Alias("Handle")]
    Task HandleAsync(DomainEvent domainEvent);
}

/// <summary>
/// What the analytics remember of one order or customer (key from <see cref="AnalyticsEntityKeys"/>): the state of it
/// last counted. It makes an event idempotent without any shard holding every order: an event no newer than what
/// the entity counted changes nothing; a newer one is handed to the entity's shard as the change from the old state
/// to the new. Each entity stores only its own small record, so no write grows with the number of orders.
/// </summary>
[Alias("ecommerce.IAnalyticsEntityGrain")]
public interface IAnalyticsEntityGrain : IGrainWithStringKey
{
    /// <summary>
    /// Counts an order as an order event carries it, unless a later or the same state of it (the length of its
    /// history orders the states) was counted already. Returns whether the totals changed.
    /// </summary>
    [Alias("ApplyOrder")]
    Task<bool> ApplyOrderAsync(OrderDetails order);

    /// <summary>Counts a registration once per customer. Returns whether it was new.</summary>
    [Alias("ApplyRegistration")]
    Task<bool> ApplyRegistrationAsync(CustomerRegisteredData registration);
}

/// <summary>The keys of <see cref="IAnalyticsEntityGrain"/>s.</summary>
public static class AnalyticsEntityKeys
{
    /// <summary>The entity of an order.</summary>
    public static string Order(string orderId) => $"order/{orderId}";

    /// <summary>The entity of a customer.</summary>
    public static string Customer(string customerId) => $"customer/{customerId}";
}

/// <summary>
/// One of the fixed set of analytics shards (integer key from 0 to the shard count − 1). A shard keeps the partial
/// totals of the orders and customers whose entity key hashes to it, and the latest state of the products whose id
/// does. It stores each change before it returns, so an event is acknowledged only once its effect is stored.
/// </summary>
[Alias("ecommerce.IAnalyticsShardGrain")]
public interface IAnalyticsShardGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Moves an entity's contribution from its old state to its new one, unless this change (or a later one) was
    /// applied already: the entity may have failed to store its side after the shard stored this one, and then
    /// hands the same change over again. Returns whether anything changed.
    /// </summary>
    [Alias("ApplyChange")]
    Task<bool> ApplyChangeAsync(AnalyticsChange change);

    /// <summary>The entity stored <paramref name="version"/>: the shard may forget what it kept to recognize that change.</summary>
    [Alias("Confirm"), OneWay]
    Task ConfirmAsync(string key, int version);

    /// <summary>Applies a product's state unless a later version (or its deletion) was applied already. Returns whether anything changed.</summary>
    [Alias("ApplyProduct")]
    Task<bool> ApplyProductAsync(ProductUpdatedData product);

    /// <summary>The shard's partial totals, or <see langword="null"/> when its version is not above <paramref name="knownVersion"/>.</summary>
    [Alias("GetPartial")]
    Task<AnalyticsPartial?> GetPartialAsync(long knownVersion);
}

/// <summary>One entity's change, as its <see cref="IAnalyticsEntityGrain"/> hands it to its shard.</summary>
[GenerateSerializer, Alias("ecommerce.AnalyticsChange")]
public sealed record AnalyticsChange
{
    /// <summary>The entity (<see cref="AnalyticsEntityKeys"/>).</summary>
    [Id(0)] public required string Key { get; init; }

    /// <summary>The version the entity had counted before (0: none).</summary>
    [Id(1)] public required int OldVersion { get; init; }

    /// <summary>The order as counted before, if any.</summary>
    [Id(2)] public AnalyticsOrderRecord? Old { get; init; }

    /// <summary>The version counted now.</summary>
    [Id(3)] public required int Version { get; init; }

    /// <summary>The order as counted now; none for a customer's registration, the only change that is not an order's.</summary>
    [Id(4)] public AnalyticsOrderRecord? New { get; init; }
}

/// <summary>What the analytics count of an order in one state: enough to take its contribution back.</summary>
[GenerateSerializer, Alias("ecommerce.AnalyticsOrderRecord")]
public sealed record AnalyticsOrderRecord
{
    /// <summary>Its status then.</summary>
    [Id(0)] public required OrderStatus Status { get; init; }

    /// <summary>Its total.</summary>
    [Id(1)] public required decimal Total { get; init; }

    /// <summary>When it was placed.</summary>
    [Id(2)] public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Its lines: product, name at placement, units and line total.</summary>
    [Id(3)] public required IReadOnlyList<AnalyticsOrderLine> Lines { get; init; }

    /// <summary>Whether no later state can follow (delivered or cancelled).</summary>
    public bool IsClosed => Status is OrderStatus.Delivered or OrderStatus.Cancelled;

    /// <summary>The record of an order as an event carries it.</summary>
    public static AnalyticsOrderRecord Of(OrderDetails order) => new()
    {
        Status = order.Status,
        Total = order.Total,
        CreatedAt = order.CreatedAt,
        Lines = order.Items.Select(l => new AnalyticsOrderLine { ProductId = l.ProductId, Name = l.Name, Units = l.Quantity, Revenue = l.LineTotal }).ToList(),
    };
}

/// <summary>One line of an <see cref="AnalyticsOrderRecord"/>.</summary>
[GenerateSerializer, Alias("ecommerce.AnalyticsOrderLine")]
public sealed record AnalyticsOrderLine
{
    /// <summary>The product.</summary>
    [Id(0)] public required string ProductId { get; init; }

    /// <summary>Its name when the order was placed.</summary>
    [Id(1)] public required string Name { get; init; }

    /// <summary>Units ordered.</summary>
    [Id(2)] public required int Units { get; init; }

    /// <summary>The line's total.</summary>
    [Id(3)] public required decimal Revenue { get; init; }
}

/// <summary>The side of the analytics grain the shards talk to.</summary>
[Alias("ecommerce.IAnalyticsRefreshGrain")]
public interface IAnalyticsRefreshGrain : IGrainWithStringKey
{
    /// <summary>A shard's totals reached <paramref name="version"/>: the view takes them in at its next refresh.</summary>
    [Alias("ShardChanged"), OneWay]
    Task ShardChangedAsync(int shard, long version);
}

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

using EcommerceBackend.Grains.Events;
using EcommerceBackend.Grains.Orders;
using Orleans.Concurrency;

namespace EcommerceBackend.Grains.Analytics;

/// <summary>
/// Reads the order, product and customer event streams for the analytics: one stateless consumer per event stream,
/// activated by implicit subscription (its key is the stream's key, the routing key). It hands each event to the
/// shard of its subject; a shard that fails fails the delivery, so the stream delivers the event again.
/// </summary>
[Alias("ecommerce.IAnalyticsConsumerGrain")]
public interface IAnalyticsConsumerGrain : IGrainWithStringKey
{
    /// <summary>Handles one event as if the stream had delivered it (a redelivery changes nothing).</summary>
    [Alias("Handle")]
    Task HandleAsync(DomainEvent domainEvent);
}

/// <summary>
/// One of the fixed set of analytics shards (integer key from 0 to the shard count − 1). A shard owns the orders,
/// products and customers whose id hashes to it: it remembers what it applied of each, so a redelivered or
/// overtaken event changes nothing, and keeps the partial totals of what it owns. It stores both in one write
/// before it returns, so an event is acknowledged only once its effect is stored.
/// </summary>
[Alias("ecommerce.IAnalyticsShardGrain")]
public interface IAnalyticsShardGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Applies an order as an order event carries it, unless the shard already applied a later or the same state of
    /// it (the length of its history orders the states). Returns whether anything changed.
    /// </summary>
    [Alias("ApplyOrder")]
    Task<bool> ApplyOrderAsync(OrderDetails order);

    /// <summary>Applies a product's state unless a later version (or its deletion) was applied already. Returns whether anything changed.</summary>
    [Alias("ApplyProduct")]
    Task<bool> ApplyProductAsync(ProductUpdatedData product);

    /// <summary>Counts a registration once per customer id. Returns whether it was new.</summary>
    [Alias("ApplyRegistration")]
    Task<bool> ApplyRegistrationAsync(CustomerRegisteredData registration);

    /// <summary>The shard's partial totals, or <see langword="null"/> when its version is not above <paramref name="knownVersion"/>.</summary>
    [Alias("GetPartial")]
    Task<AnalyticsPartial?> GetPartialAsync(long knownVersion);
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

    /// <summary>Orders per UTC hour of placement (hours with none left out).</summary>
    [Id(4)] public Dictionary<DateTimeOffset, SalesTotals> Hours { get; init; } = [];

    /// <summary>Sales per product over orders not cancelled (products with none left out).</summary>
    [Id(5)] public Dictionary<string, ProductSales> Products { get; init; } = [];

    /// <summary>Customers registered.</summary>
    [Id(6)] public int Registrations { get; set; }
}

/// <summary>The orders of one hour.</summary>
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

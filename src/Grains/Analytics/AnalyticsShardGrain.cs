using EcommerceBackend.Grains.Events;
using EcommerceBackend.Grains.Orders;
using EcommerceBackend.Grains.Products;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EcommerceBackend.Grains.Analytics;

/// <summary>What a shard remembers of an order that can still change: enough to take its contribution back.</summary>
[GenerateSerializer, Alias("ecommerce.AnalyticsOrderRecord")]
public sealed record AnalyticsOrderRecord
{
    /// <summary>The length of the order's history when applied: every status change adds one.</summary>
    [Id(0)] public required int Version { get; init; }

    /// <summary>Its status then.</summary>
    [Id(1)] public required OrderStatus Status { get; init; }

    /// <summary>Its total.</summary>
    [Id(2)] public required decimal Total { get; init; }

    /// <summary>When it was placed.</summary>
    [Id(3)] public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Its lines: product, name at placement, units and line total.</summary>
    [Id(4)] public required List<(string ProductId, string Name, int Units, decimal Revenue)> Lines { get; init; }
}

/// <summary>What a shard remembers of a product: its latest applied version and the fields the low-stock list needs.</summary>
[GenerateSerializer, Alias("ecommerce.AnalyticsProductRecord")]
public sealed record AnalyticsProductRecord
{
    /// <summary>The product version applied.</summary>
    [Id(0)] public required long Version { get; init; }

    /// <summary>Its name.</summary>
    [Id(1)] public required string Name { get; init; }

    /// <summary>Its stock.</summary>
    [Id(2)] public required int Stock { get; init; }

    /// <summary>Whether it was deleted (for good: later events of it change nothing).</summary>
    [Id(3)] public bool Deleted { get; init; }
}

/// <summary>The persisted state of an analytics shard.</summary>
[GenerateSerializer, Alias("ecommerce.AnalyticsShardState")]
public sealed record AnalyticsShardState
{
    /// <summary>Rises with every change of <see cref="Totals"/> or of the low-stock list.</summary>
    [Id(0)] public long Version { get; set; }

    /// <summary>The shard's partial totals.</summary>
    [Id(1)] public AnalyticsTotals Totals { get; init; } = new();

    /// <summary>Orders that can still change status, by id.</summary>
    [Id(2)] public Dictionary<string, AnalyticsOrderRecord> OpenOrders { get; init; } = [];

    /// <summary>
    /// Orders delivered or cancelled: no later state exists, so only the id is kept (any event of them is old news)
    /// and their contribution stays in the totals for good.
    /// </summary>
    [Id(3)] public HashSet<string> ClosedOrders { get; init; } = [];

    /// <summary>Products, by id.</summary>
    [Id(4)] public Dictionary<string, AnalyticsProductRecord> Products { get; init; } = [];

    /// <summary>Customers counted as registered.</summary>
    [Id(5)] public HashSet<string> Customers { get; init; } = [];
}

/// <inheritdoc cref="IAnalyticsShardGrain"/>
/// <remarks>
/// An order's state is ordered by the length of its history (one entry per status change), so the created, updated
/// and cancelled events — which travel on different streams and may overtake each other — apply in any order and any
/// number of times with one exact result, without remembering event ids: an event no newer than what the shard holds
/// is dropped; a newer one takes the order's old contribution out of the totals and puts its new one in.
/// </remarks>
public sealed partial class AnalyticsShardGrain(
    [PersistentState("shard", StorageNames.Analytics)] IPersistentState<AnalyticsShardState> state,
    IOptions<CatalogOptions> catalog,
    ILogger<AnalyticsShardGrain> logger) : Grain, IAnalyticsShardGrain
{
    private int Shard => (int)this.GetPrimaryKeyLong();

    private AnalyticsTotals Totals => state.State.Totals;

    public async Task<bool> ApplyOrderAsync(OrderDetails order)
    {
        var version = order.History.Count;
        var s = state.State;
        if (version == 0 || s.ClosedOrders.Contains(order.Id) || (s.OpenOrders.TryGetValue(order.Id, out var old) && old.Version >= version))
        {
            return false;
        }

        var record = new AnalyticsOrderRecord
        {
            Version = version,
            Status = order.Status,
            Total = order.Total,
            CreatedAt = order.CreatedAt,
            Lines = order.Items.Select(l => (l.ProductId, l.Name, l.Quantity, l.LineTotal)).ToList(),
        };
        if (old is not null)
        {
            Contribute(old, -1);
        }

        Contribute(record, +1);
        if (record.Status is OrderStatus.Delivered or OrderStatus.Cancelled)
        {
            s.OpenOrders.Remove(order.Id);
            s.ClosedOrders.Add(order.Id);
        }
        else
        {
            s.OpenOrders[order.Id] = record;
        }

        await SaveChangeAsync();
        return true;
    }

    public async Task<bool> ApplyProductAsync(ProductUpdatedData product)
    {
        var deleted = product.Reason == ProductUpdatedData.DeletedReason;
        var products = state.State.Products;
        var old = products.GetValueOrDefault(product.ProductId);
        // A deletion wins whatever its version: stock returned to a deleted product comes later but means nothing.
        if (old is { Deleted: true } || (!deleted && old is not null && old.Version >= product.Version))
        {
            return false;
        }

        var threshold = catalog.Value.LowStockThreshold;
        var lowBefore = LowStock(product.ProductId, old, threshold);
        var record = new AnalyticsProductRecord
        {
            Version = Math.Max(product.Version, old?.Version ?? 0),
            Name = product.Name,
            Stock = product.Stock,
            Deleted = deleted,
        };
        products[product.ProductId] = record;
        await SaveChangeAsync(versionChanged: lowBefore != LowStock(product.ProductId, record, threshold));
        return true;
    }

    public async Task<bool> ApplyRegistrationAsync(CustomerRegisteredData registration)
    {
        if (!state.State.Customers.Add(registration.CustomerId))
        {
            return false;
        }

        Totals.Registrations++;
        await SaveChangeAsync();
        return true;
    }

    public Task<AnalyticsPartial?> GetPartialAsync(long knownVersion)
    {
        if (state.State.Version <= knownVersion)
        {
            return Task.FromResult<AnalyticsPartial?>(null);
        }

        var threshold = catalog.Value.LowStockThreshold;
        var low = state.State.Products
            .Select(p => LowStock(p.Key, p.Value, threshold))
            .OfType<LowStockProduct>()
            .ToList();
        return Task.FromResult<AnalyticsPartial?>(new AnalyticsPartial { Version = state.State.Version, Totals = Totals, LowStock = low });
    }

    private static LowStockProduct? LowStock(string productId, AnalyticsProductRecord? product, int threshold) =>
        product is { Deleted: false } && product.Stock < threshold
            ? new LowStockProduct { ProductId = productId, Name = product.Name, Stock = product.Stock, Threshold = threshold }
            : null;

    /// <summary>Adds (<paramref name="sign"/> = 1) or takes back (−1) what an order in a given state counts for.</summary>
    private void Contribute(AnalyticsOrderRecord order, int sign)
    {
        var totals = Totals;
        var cancelled = order.Status == OrderStatus.Cancelled;
        var revenue = cancelled ? 0m : sign * order.Total;
        totals.TotalOrders += sign;
        totals.Revenue += revenue;
        if (cancelled)
        {
            totals.CancelledOrders += sign;
        }

        var byStatus = totals.OrdersByStatus.GetValueOrDefault(order.Status) + sign;
        if (byStatus == 0)
        {
            totals.OrdersByStatus.Remove(order.Status);
        }
        else
        {
            totals.OrdersByStatus[order.Status] = byStatus;
        }

        var hour = SalesRange.BucketStart(order.CreatedAt, SalesInterval.Hour);
        if (!totals.Hours.TryGetValue(hour, out var bucket))
        {
            totals.Hours[hour] = bucket = new SalesTotals();
        }

        bucket.Orders += sign;
        bucket.Revenue += revenue;
        bucket.Cancelled += cancelled ? sign : 0;
        if (bucket.Orders == 0)
        {
            totals.Hours.Remove(hour);
        }

        if (cancelled)
        {
            return;
        }

        foreach (var (productId, name, units, lineRevenue) in order.Lines)
        {
            if (!totals.Products.TryGetValue(productId, out var sales))
            {
                totals.Products[productId] = sales = new ProductSales { Name = name, NamedAt = order.CreatedAt };
            }

            sales.Units += sign * units;
            sales.Revenue += sign * lineRevenue;
            if (sign > 0 && order.CreatedAt >= sales.NamedAt)
            {
                (sales.Name, sales.NamedAt) = (name, order.CreatedAt);
            }

            if (sales.Units == 0)
            {
                totals.Products.Remove(productId);
            }
        }
    }

    /// <summary>
    /// Stores the change before the caller (and so the stream) hears it was applied, then tells the analytics grain.
    /// A failed write leaves memory ahead of storage, so the activation is dropped: the retry starts from what is stored.
    /// </summary>
    private async Task SaveChangeAsync(bool versionChanged = true)
    {
        if (versionChanged)
        {
            state.State.Version++;
        }

        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogWriteFailed(logger, ex, Shard);
            DeactivateOnIdle();
            throw;
        }

        if (versionChanged)
        {
            try
            {
                await GrainFactory.GetGrain<IAnalyticsRefreshGrain>(AnalyticsGrainKeys.Global).ShardChangedAsync(Shard, state.State.Version);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The change is stored; the analytics grain's periodic sweep picks it up instead.
                LogNotifyFailed(logger, ex, Shard);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Analytics shard {Shard} could not tell the analytics grain of a change")]
    private static partial void LogNotifyFailed(ILogger logger, Exception exception, int shard);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Analytics shard {Shard} could not store a change; the event will be delivered again")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, int shard);
}

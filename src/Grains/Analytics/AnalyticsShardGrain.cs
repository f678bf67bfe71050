using EcommerceBackend.Contracts;
using EcommerceBackend.Contracts.Analytics;
using EcommerceBackend.Contracts.Events;
using EcommerceBackend.Grains.Products;
using EcommerceBackend.Grains.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EcommerceBackend.Grains.Analytics;

/// <summary>What a shard remembers of a product: its latest applied version and the fields the low-stock list needs.</summary>
[GenerateSerializer, Immutable, Alias("ecommerce.AnalyticsProductRecord")]
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

/// <summary>A change a shard applied whose entity has not confirmed storing it yet.</summary>
[GenerateSerializer, Immutable, Alias("ecommerce.AnalyticsPendingChange")]
public sealed record AnalyticsPendingChange
{
    /// <summary>The version the change brought the entity to.</summary>
    [Id(0)] public required int Version { get; init; }

    /// <summary>The order as counted by it, if an order.</summary>
    [Id(1)] public AnalyticsOrderRecord? Order { get; init; }
}

/// <summary>The persisted state of an analytics shard.</summary>
/// <remarks>
/// Its maps are mutable, but a committed state is never changed: the shard changes only a copy of it
/// (<see cref="AnalyticsShardGrain"/>'s <c>Copy</c>) and commits that. So it is marked immutable, and grain storage
/// shares a committed state instead of deep-copying it on every write and read.
/// </remarks>
[GenerateSerializer, Immutable, Alias("ecommerce.AnalyticsShardState")]
public sealed record AnalyticsShardState
{
    /// <summary>Rises with every change of <see cref="Totals"/> or of the low-stock list.</summary>
    [Id(0)] public long Version { get; init; }

    /// <summary>The shard's partial totals.</summary>
    [Id(1)] public ShardTotals Totals { get; init; } = new();

    /// <summary>
    /// Changes applied whose entity has not confirmed storing them, by entity key: normally only those in flight,
    /// so this stays small whatever the number of orders.
    /// </summary>
    [Id(2)] public Dictionary<string, AnalyticsPendingChange> Pending { get; init; } = [];

    /// <summary>Products, by id.</summary>
    [Id(3)] public Dictionary<string, AnalyticsProductRecord> Products { get; init; } = [];
}

/// <inheritdoc cref="IAnalyticsShardGrain"/>
/// <remarks>
/// Orders and customers are remembered by their own <see cref="IAnalyticsEntityGrain"/>, which drops an event no
/// newer than what it counted and hands a newer one over as a change. The entity stores its side after the shard
/// stored the change; if the entity fails in between, the shard's pending entry recognizes the same change when the
/// redelivered event brings it again, and supplies the state it counted when a later change arrives first.
/// Every write stores the whole state, so before writing the shard folds the hours older than
/// <see cref="AnalyticsOptions.HourlyRetentionDays"/> into their days (<see cref="ShardTotals.FoldHoursBefore"/>):
/// the state then grows by one bucket a day rather than one an hour. A later change to an order of a folded hour
/// (a cancellation, a redelivery) is applied to its day.
/// </remarks>
public sealed partial class AnalyticsShardGrain(
    [StoredState("shard", StorageNames.Analytics)] IStoredState<AnalyticsShardState> state,
    IOptions<CatalogOptions> catalog,
    IOptions<AnalyticsOptions> analytics,
    TimeProvider time,
    ILogger<AnalyticsShardGrain> logger) : Grain, IAnalyticsShardGrain
{
    // Entities that confirmed storing their side, with the version: their pending entries go with the next write.
    private readonly Dictionary<string, int> _confirmed = new(StringComparer.Ordinal);

    private int Shard => (int)this.GetPrimaryKeyLong();

    public async Task<bool> ApplyChangeAsync(AnalyticsChange change)
    {
        var pending = state.State.Pending;
        pending.TryGetValue(change.Key, out var applied);
        if (applied is not null && applied.Version >= change.Version)
        {
            return false;
        }

        var next = Copy(changesTotals: true);
        if (change.New is { } now)
        {
            // What this shard last counted of the entity: its own pending entry when the entity did not store it.
            var before = applied is not null && applied.Version > change.OldVersion ? applied.Order : change.Old;
            if (before is not null)
            {
                next.Totals.Count(before, -1);
            }

            next.Totals.Count(now, +1);
        }
        else
        {
            next.Totals.Registrations++;
        }

        next.Pending[change.Key] = new AnalyticsPendingChange { Version = change.Version, Order = change.New };
        await SaveChangeAsync(next);
        return true;
    }

    public Task ConfirmAsync(string key, int version)
    {
        // Forgotten with the next write (or the deactivation's). Losing it costs nothing but space.
        if (state.State.Pending.TryGetValue(key, out var applied) && applied.Version <= version)
        {
            _confirmed[key] = Math.Max(version, _confirmed.GetValueOrDefault(key));
        }

        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_confirmed.Count > 0)
        {
            try
            {
                await state.CommitAsync(Copy(changesTotals: false));
                _confirmed.Clear();
            }
            catch (StoreUnavailableException)
            {
                // Logged by the store; the entries stay pending, which costs nothing but space.
            }
        }
    }

    /// <summary>
    /// A copy of the stored state to change, less the pending entries their entities confirmed, with the hours older
    /// than <see cref="AnalyticsOptions.HourlyRetentionDays"/> folded into their days.
    /// </summary>
    /// <remarks>
    /// The totals are the bulk of the state (every product's sales, every hour), so they are copied only when they
    /// change, by the caller's change or by the fold. Otherwise the copy shares them with the stored state, which
    /// nothing then changes. The maps hold immutable records, so copying a map is enough.
    /// </remarks>
    private AnalyticsShardState Copy(bool changesTotals)
    {
        var stored = state.State;
        var cutoff = analytics.Value.HourlyCutoff(time.GetUtcNow());
        var copyTotals = changesTotals || stored.Totals.FoldedBefore < cutoff;
        var next = stored with
        {
            Totals = copyTotals ? stored.Totals.Clone() : stored.Totals,
            Pending = new Dictionary<string, AnalyticsPendingChange>(stored.Pending, stored.Pending.Comparer),
            Products = new Dictionary<string, AnalyticsProductRecord>(stored.Products, stored.Products.Comparer),
        };
        if (copyTotals)
        {
            // It changes no figure, so it does not move the version on its own.
            next.Totals.FoldHoursBefore(cutoff);
        }

        foreach (var (key, version) in _confirmed)
        {
            if (next.Pending.TryGetValue(key, out var applied) && applied.Version <= version)
            {
                next.Pending.Remove(key);
            }
        }

        return next;
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
        var next = Copy(changesTotals: false);
        next.Products[product.ProductId] = record;
        await SaveChangeAsync(next, versionChanged: lowBefore != LowStock(product.ProductId, record, threshold));
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
        return Task.FromResult<AnalyticsPartial?>(new AnalyticsPartial { Version = state.State.Version, Totals = state.State.Totals.ToAnswer(), LowStock = low });
    }

    private static LowStockProduct? LowStock(string productId, AnalyticsProductRecord? product, int threshold) =>
        product is { Deleted: false } && product.Stock < threshold
            ? new LowStockProduct { ProductId = productId, Name = product.Name, Stock = product.Stock, Threshold = threshold }
            : null;

    /// <summary>
    /// Stores the changed copy before the caller (and so the stream) hears it was applied, then tells the analytics
    /// grain. A failed write keeps what is stored and fails the caller, so the event is delivered again.
    /// </summary>
    private async Task SaveChangeAsync(AnalyticsShardState next, bool versionChanged = true)
    {
        await state.CommitAsync(versionChanged ? next with { Version = next.Version + 1 } : next);
        _confirmed.Clear();

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
}

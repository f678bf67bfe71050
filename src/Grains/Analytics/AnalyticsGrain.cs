using EcommerceBackend.Contracts.Analytics;
using EcommerceBackend.Contracts.Orders;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EcommerceBackend.Grains.Analytics;

/// <inheritdoc cref="IAnalyticsGrain"/>
/// <remarks>
/// Holds no state of its own: it merges the shards' partial totals (small — per hour, per folded day, per product, per
/// status) into a view in memory, and answers every query from that view. Hours older than
/// <see cref="AnalyticsOptions.HourlyRetentionDays"/> are kept by the shards per day only, so an hour query that far
/// back answers zeros while the day query still has them. A shard that changed says so (a one-way call); the grain
/// then fetches the changed shards' totals at most once per <see cref="AnalyticsOptions.RefreshIntervalMs"/>, so a
/// burst of events costs one refresh. It builds the view from every shard when it activates, and sweeps every shard
/// now and then in case a change notice was lost. The summary's version is the sum of the shards' stored versions,
/// so it only ever rises, even across activations.
/// </remarks>
public sealed partial class AnalyticsGrain(
    IOptions<AnalyticsOptions> options,
    TimeProvider time,
    ILogger<AnalyticsGrain> logger) : Grain, IAnalyticsGrain, IAnalyticsRefreshGrain
{
    private static readonly TimeSpan MinSweepInterval = TimeSpan.FromSeconds(30);
    private static readonly OrderStatus[] Statuses = Enum.GetValues<OrderStatus>();

    private readonly AnalyticsPartial?[] _partials = new AnalyticsPartial?[AnalyticsShards.Count];
    private readonly HashSet<int> _stale = [];
    private IGrainTimer? _refresh;
    private DateTimeOffset _lastRefresh = DateTimeOffset.MinValue;
    private View _view = null!;

    private TimeSpan RefreshInterval => options.Value.RefreshInterval;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Without every shard the figures would be wrong rather than late: a failure fails the activation.
        var all = Enumerable.Range(0, AnalyticsShards.Count).ToArray();
        var failed = await FetchAsync(all);
        if (failed.Count > 0)
        {
            throw new InvalidOperationException($"Analytics shards {string.Join(", ", failed)} did not answer.");
        }

        _lastRefresh = time.GetUtcNow();
        _view = Build();
        var sweep = TimeSpan.FromTicks(Math.Max(MinSweepInterval.Ticks, RefreshInterval.Ticks * 30));
        this.RegisterGrainTimer(
            static (grain, _) => grain.SweepAsync(),
            this,
            new GrainTimerCreationOptions { DueTime = sweep, Period = sweep });
    }

    public Task<AnalyticsSummary> GetSummaryAsync() => Task.FromResult(_view.Summary);

    public Task<IReadOnlyList<SalesBucket>> GetSalesAsync(DateTimeOffset from, DateTimeOffset to, SalesInterval interval)
    {
        if (from > to)
        {
            throw new ArgumentException($"The range starts ({from:O}) after it ends ({to:O}).", nameof(from));
        }

        var count = SalesRange.BucketCount(from, to, interval);
        if (count > SalesRange.MaxBuckets)
        {
            throw new ArgumentException($"The range spans {count} buckets; at most {SalesRange.MaxBuckets} are allowed.", nameof(to));
        }

        var buckets = interval == SalesInterval.Day ? _view.Days : _view.Hours;
        var width = SalesRange.Width(interval);
        var start = SalesRange.BucketStart(from, interval);
        var list = new List<SalesBucket>((int)count);
        for (var i = 0; i < count; i++, start += width)
        {
            var totals = buckets.GetValueOrDefault(start);
            list.Add(new SalesBucket { Start = start, Orders = totals?.Orders ?? 0, Revenue = totals?.Revenue ?? 0m, Cancelled = totals?.Cancelled ?? 0 });
        }

        return Task.FromResult<IReadOnlyList<SalesBucket>>(list);
    }

    public Task<IReadOnlyList<TopProduct>> GetTopProductsAsync(TopProductsBy by, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var ranked = by == TopProductsBy.Revenue ? _view.ByRevenue : _view.ByUnits;
        return Task.FromResult<IReadOnlyList<TopProduct>>(ranked.Take(limit).ToList());
    }

    /// <summary>The version of a shard's totals held (−1: none).</summary>
    private long KnownVersion(int shard) => _partials[shard]?.Version ?? -1;

    public Task ShardChangedAsync(int shard, long version)
    {
        if (shard is >= 0 and < AnalyticsShards.Count && version > KnownVersion(shard))
        {
            _stale.Add(shard);
            ScheduleRefresh();
        }

        return Task.CompletedTask;
    }

    private Task SweepAsync()
    {
        _stale.UnionWith(Enumerable.Range(0, AnalyticsShards.Count));
        ScheduleRefresh();
        return Task.CompletedTask;
    }

    /// <summary>Refreshes one interval after the last refresh (at once if that is past); a pending refresh takes in later notices too.</summary>
    private void ScheduleRefresh()
    {
        if (_refresh is not null || _stale.Count == 0)
        {
            return;
        }

        var due = _lastRefresh + RefreshInterval - time.GetUtcNow();
        _refresh = this.RegisterGrainTimer(
            static (grain, _) => grain.RefreshAsync(),
            this,
            new GrainTimerCreationOptions { DueTime = due > TimeSpan.Zero ? due : TimeSpan.Zero, Period = Timeout.InfiniteTimeSpan });
    }

    private async Task RefreshAsync()
    {
        _refresh?.Dispose();
        _refresh = null;
        var shards = _stale.ToArray();
        _stale.Clear();
        var versionBefore = _view.Summary.Version;
        var failed = await FetchAsync(shards);
        _stale.UnionWith(failed);
        _lastRefresh = time.GetUtcNow();
        if (_partials.Sum(p => p?.Version ?? 0) != versionBefore)
        {
            _view = Build();
        }

        // Shards that failed, or told of a change while this refresh ran, wait one more interval.
        ScheduleRefresh();
    }

    /// <summary>Takes in the totals of the given shards that are newer than the ones held; returns the shards that failed.</summary>
    private async Task<List<int>> FetchAsync(int[] shards)
    {
        var calls = shards
            .Select(i => (Shard: i, Call: GrainFactory.GetGrain<IAnalyticsShardGrain>(i).GetPartialAsync(KnownVersion(i))))
            .ToList();
        var failed = new List<int>();
        foreach (var (shard, call) in calls)
        {
            try
            {
                if (await call is { } partial && partial.Version > KnownVersion(shard))
                {
                    _partials[shard] = partial;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogShardFailed(logger, ex, shard);
                failed.Add(shard);
            }
        }

        return failed;
    }

    private View Build()
    {
        var version = 0L;
        var (total, cancelled, revenue, registrations) = (0, 0, 0m, 0);
        var byStatus = Statuses.ToDictionary(s => s, _ => 0);
        var hours = new Dictionary<DateTimeOffset, SalesTotals>();
        var days = new Dictionary<DateTimeOffset, SalesTotals>();
        var products = new Dictionary<string, ProductSales>(StringComparer.Ordinal);
        var lowStock = new List<LowStockProduct>();
        foreach (var partial in _partials)
        {
            if (partial is null)
            {
                continue;
            }

            var t = partial.Totals;
            version += partial.Version;
            total += t.TotalOrders;
            cancelled += t.CancelledOrders;
            revenue += t.Revenue;
            registrations += t.Registrations;
            foreach (var (status, count) in t.OrdersByStatus)
            {
                byStatus[status] = byStatus.GetValueOrDefault(status) + count;
            }

            foreach (var (hour, sales) in t.Hours)
            {
                Add(hours, hour, sales);
                Add(days, SalesRange.BucketStart(hour, SalesInterval.Day), sales);
            }

            // Days whose hours the shard folded: each shard's folded days and kept hours never cover the same day.
            foreach (var (day, sales) in t.Days)
            {
                Add(days, day, sales);
            }

            foreach (var (productId, sales) in t.Products)
            {
                products[productId] = products.TryGetValue(productId, out var merged)
                    ? new ProductSales
                    {
                        // The name on the most recently placed order of any shard.
                        Name = sales.NamedAt > merged.NamedAt ? sales.Name : merged.Name,
                        NamedAt = sales.NamedAt > merged.NamedAt ? sales.NamedAt : merged.NamedAt,
                        Units = merged.Units + sales.Units,
                        Revenue = merged.Revenue + sales.Revenue,
                    }
                    : sales;
            }

            lowStock.AddRange(partial.LowStock);
        }

        var top = products
            .Select(p => new TopProduct { ProductId = p.Key, Name = p.Value.Name, Units = p.Value.Units, Revenue = p.Value.Revenue })
            .ToList();
        var kept = total - cancelled;
        return new View(
            new AnalyticsSummary
            {
                Version = version,
                AsOf = time.GetUtcNow(),
                TotalOrders = total,
                Revenue = revenue,
                AverageOrderValue = kept > 0 ? Math.Round(revenue / kept, 2, MidpointRounding.AwayFromZero) : 0m,
                OrdersByStatus = byStatus,
                CancelledOrders = cancelled,
                CancellationRate = total > 0 ? (double)cancelled / total : 0,
                Registrations = registrations,
                LowStockProducts = lowStock
                    .OrderBy(p => p.Stock)
                    .ThenBy(p => p.Name, StringComparer.Ordinal)
                    .ThenBy(p => p.ProductId, StringComparer.Ordinal)
                    .ToList(),
            },
            hours,
            days,
            [.. top.OrderByDescending(p => p.Units).ThenByDescending(p => p.Revenue).ThenBy(p => p.ProductId, StringComparer.Ordinal)],
            [.. top.OrderByDescending(p => p.Revenue).ThenByDescending(p => p.Units).ThenBy(p => p.ProductId, StringComparer.Ordinal)]);
    }

    private static void Add(Dictionary<DateTimeOffset, SalesTotals> buckets, DateTimeOffset start, SalesTotals sales) =>
        buckets[start] = buckets.TryGetValue(start, out var merged)
            ? new SalesTotals { Orders = merged.Orders + sales.Orders, Revenue = merged.Revenue + sales.Revenue, Cancelled = merged.Cancelled + sales.Cancelled }
            : sales;

    /// <summary>What queries are answered from, built once per refresh that changed something.</summary>
    private sealed record View(
        AnalyticsSummary Summary,
        Dictionary<DateTimeOffset, SalesTotals> Hours,
        Dictionary<DateTimeOffset, SalesTotals> Days,
        TopProduct[] ByUnits,
        TopProduct[] ByRevenue);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Analytics shard {Shard} did not answer; the analytics view retries it at its next refresh")]
    private static partial void LogShardFailed(ILogger logger, Exception exception, int shard);
}

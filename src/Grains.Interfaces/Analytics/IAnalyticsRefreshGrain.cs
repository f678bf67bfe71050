using Orleans.Concurrency;

namespace EcommerceBackend.Contracts.Analytics;

/// <summary>The side of the analytics grain the shards talk to.</summary>
[Alias("ecommerce.IAnalyticsRefreshGrain")]
public interface IAnalyticsRefreshGrain : IGrainWithStringKey
{
    /// <summary>A shard's totals reached <paramref name="version"/>: the view takes them in at its next refresh.</summary>
    [Alias("ShardChanged"), OneWay]
    Task ShardChangedAsync(int shard, long version);
}

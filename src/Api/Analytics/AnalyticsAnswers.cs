using EcommerceBackend.Contracts.Analytics;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Options;

namespace EcommerceBackend.Api.Analytics;

/// <summary>
/// This API node's cache of analytics answers (<c>CACHE_TTL</c>, <c>Analytics:CacheTtlSeconds</c>), kept in
/// <see cref="HybridCache"/>: an answer is reused for that long before the analytics grain is asked again, and the
/// response says so in <c>Cache-Control: private, max-age=N</c>. With 0 every request asks the grain. Requests that
/// miss at the same moment share one grain call; a failed call is not kept.
/// </summary>
internal sealed class AnalyticsAnswers(IClusterClient cluster, HybridCache cache, IOptions<AnalyticsOptions> options)
{
    /// <summary>
    /// The most bytes of answers the node's memory cache holds (<see cref="HybridCache"/> sizes each entry by its
    /// serialized length): sales queries differ by range, so odd ranges must not fill the memory.
    /// </summary>
    public const long MemoryLimitBytes = 32L << 20;

    // Answers stay on this node: a distributed cache registered one day must not make them outlive CACHE_TTL elsewhere.
    private const HybridCacheEntryFlags NodeOnly = HybridCacheEntryFlags.DisableDistributedCache;

    public async Task<T> GetAsync<T>(HttpResponse response, string key, Func<IAnalyticsGrain, Task<T>> ask)
    {
        var ttl = options.Value.CacheTtl;
        var grain = cluster.GetGrain<IAnalyticsGrain>(AnalyticsGrainKeys.Global);
        var answer = ttl <= TimeSpan.Zero
            ? await ask(grain)
            : await cache.GetOrCreateAsync(
                key,
                (ask, grain),
                static async (state, _) => await state.ask(state.grain),
                new HybridCacheEntryOptions { Expiration = ttl, LocalCacheExpiration = ttl, Flags = NodeOnly });

        response.Headers.CacheControl = $"private, max-age={options.Value.CacheTtlSeconds}";
        return answer;
    }
}

/// <summary>Registers <see cref="AnalyticsAnswers"/> and the cache behind it.</summary>
internal static class AnalyticsAnswersRegistration
{
    public static IServiceCollection AddAnalyticsAnswers(this IServiceCollection services)
    {
        services.AddMemoryCache(o => o.SizeLimit = AnalyticsAnswers.MemoryLimitBytes);
        services.AddHybridCache();
        return services.AddSingleton<AnalyticsAnswers>();
    }
}

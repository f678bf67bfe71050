using EcommerceBackend.Grains.Analytics;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace EcommerceBackend.Api.Analytics;

/// <summary>
/// This API node's cache of analytics answers (<c>CACHE_TTL</c>, <c>Analytics:CacheTtlSeconds</c>): an answer is reused
/// for that long before the analytics grain is asked again, and the response says so in
/// <c>Cache-Control: private, max-age=N</c>. With 0 every request asks the grain. Requests that miss at the same
/// moment share one grain call.
/// </summary>
internal sealed class AnalyticsAnswers(IClusterClient cluster, IOptions<AnalyticsOptions> options) : IDisposable
{
    // Sales queries differ by range: bound the entries so odd ranges cannot fill the memory.
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 1024 });

    public async Task<T> GetAsync<T>(HttpResponse response, string key, Func<IAnalyticsGrain, Task<T>> ask)
    {
        var ttl = options.Value.CacheTtl;
        var grain = cluster.GetGrain<IAnalyticsGrain>(AnalyticsGrainKeys.Global);
        T answer;
        if (ttl <= TimeSpan.Zero)
        {
            answer = await ask(grain);
        }
        else
        {
            var pending = _cache.GetOrCreate(key, entry =>
            {
                entry.AbsoluteExpirationRelativeToNow = ttl;
                entry.Size = 1;
                return ask(grain);
            })!;
            try
            {
                answer = await pending;
            }
            catch
            {
                // A failed call is not an answer to reuse (but leave a newer one alone).
                if (_cache.TryGetValue(key, out var cached) && ReferenceEquals(cached, pending))
                {
                    _cache.Remove(key);
                }

                throw;
            }
        }

        response.Headers.CacheControl = $"private, max-age={options.Value.CacheTtlSeconds}";
        return answer;
    }

    public void Dispose() => _cache.Dispose();
}

using System.Diagnostics;
using System.Threading.RateLimiting;

namespace EcommerceBackend.Api.RateLimiting;

/// <summary>
/// One partition's fixed window, counted in an <see cref="IRateLimitStore"/>: ASP.NET Core's rate limiter asks it, and the
/// store (Redis in cluster mode) holds the count, so the partition objects themselves hold nothing worth keeping.
/// </summary>
internal sealed class StoreWindowLimiter(IRateLimitStore store, string key, int permitLimit, TimeSpan window) : RateLimiter
{
    private long _lastUsed = Stopwatch.GetTimestamp();

    public override TimeSpan? IdleDuration => Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastUsed));

    public override RateLimiterStatistics? GetStatistics() => null;

    // The store may be remote: the synchronous attempt never decides, and the middleware then asks asynchronously.
    protected override RateLimitLease AttemptAcquireCore(int permitCount) => permitCount == 0 ? WindowLease.Acquired : WindowLease.Undecided;

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _lastUsed, Stopwatch.GetTimestamp());
        if (permitCount == 0)
        {
            return WindowLease.Acquired;
        }

        var verdict = await store.HitAsync(key, permitLimit, window);
        return verdict.Allowed ? WindowLease.Acquired : new WindowLease(false, verdict.RetryAfter);
    }
}

/// <summary>A lease that, when refused, says when to come back (<see cref="MetadataName.RetryAfter"/>).</summary>
internal sealed class WindowLease(bool isAcquired, TimeSpan? retryAfter) : RateLimitLease
{
    public static readonly WindowLease Acquired = new(true, null);

    public static readonly WindowLease Undecided = new(false, null);

    private static readonly string[] RetryAfterName = [MetadataName.RetryAfter.Name];

    public override bool IsAcquired => isAcquired;

    public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : RetryAfterName;

    public override bool TryGetMetadata(string metadataName, out object? metadata)
    {
        if (retryAfter is { } wait && metadataName == MetadataName.RetryAfter.Name)
        {
            metadata = wait;
            return true;
        }

        metadata = null;
        return false;
    }
}

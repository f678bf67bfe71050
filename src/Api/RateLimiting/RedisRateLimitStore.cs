using StackExchange.Redis;

namespace EcommerceBackend.Api.RateLimiting;

/// <summary>
/// The counters in Redis (cluster mode), so every API node counts against the same numbers. Each decision is one Lua script,
/// atomic in Redis and timed by Redis's own clock, so nodes whose clocks differ still agree on when a window ends. Keys are
/// <c>{ServiceId}:ratelimit:…</c> and expire with their window; an account's keys share a hash tag so its scripts run
/// on a Redis Cluster too. While Redis cannot be reached each node counts in its own memory: limits stay, per node,
/// and requests are not failed because the limiter's store is away.
/// </summary>
internal sealed partial class RedisRateLimitStore(
    IConnectionMultiplexer redis, string serviceId, InProcessRateLimitStore fallback, ILogger<RedisRateLimitStore> logger) : IRateLimitStore
{
    // Counts a request in a fixed window that starts at its first; answers 0, or the milliseconds until the window ends.
    private static readonly LuaScript HitScript = LuaScript.Prepare("""
        local count = redis.call('INCR', @key)
        if count == 1 then redis.call('PEXPIRE', @key, @window) end
        if count <= tonumber(@limit) then return 0 end
        local ttl = redis.call('PTTL', @key)
        if ttl < 0 then redis.call('PEXPIRE', @key, @window) ttl = tonumber(@window) end
        return math.max(ttl, 1)
        """);

    // A login or registration attempt: {1, ms} while the account is locked, {2, ms} past its window, else counted and {0, 0}.
    private static readonly LuaScript AttemptScript = LuaScript.Prepare("""
        local locked = redis.call('PTTL', @lock)
        if locked > 0 then return {1, locked} end
        local count = redis.call('INCR', @attempts)
        if count == 1 then redis.call('PEXPIRE', @attempts, @window) end
        if count <= tonumber(@limit) then return {0, 0} end
        local ttl = redis.call('PTTL', @attempts)
        if ttl < 0 then redis.call('PEXPIRE', @attempts, @window) ttl = tonumber(@window) end
        return {2, math.max(ttl, 1)}
        """);

    // A failed login: counted (and remembered for @memory more), and from failure @lockafter on the account is locked,
    // twice as long each time, up to @longest. The same rule as LoginDelays.LockFor. Answers the lock in milliseconds.
    private static readonly LuaScript FailScript = LuaScript.Prepare("""
        local failures = redis.call('INCR', @failures)
        redis.call('PEXPIRE', @failures, @memory)
        local over = failures - tonumber(@lockafter)
        if over < 0 then return 0 end
        local delay = math.floor(math.min(tonumber(@first) * 2 ^ math.min(over, 30), tonumber(@longest)))
        redis.call('SET', @lock, '1', 'PX', delay)
        return delay
        """);

    private int _unreachable;

    public ValueTask<Verdict> HitAsync(string key, int limit, TimeSpan window) =>
        RunAsync(
            HitScript,
            new { key = (RedisKey)$"{serviceId}:ratelimit:{key}", window = (long)window.TotalMilliseconds, limit },
            result => (long)result == 0 ? Verdict.Allow : new Verdict(Refusal.TooFrequent, TimeSpan.FromMilliseconds((long)result)),
            () => fallback.HitAsync(key, limit, window));

    public ValueTask<Verdict> AttemptAsync(string account, int limit, TimeSpan window) =>
        RunAsync(
            AttemptScript,
            new
            {
                @lock = Key(InProcessRateLimitStore.LockKey, account),
                attempts = Key(InProcessRateLimitStore.AttemptsKey, account),
                window = (long)window.TotalMilliseconds,
                limit,
            },
            result =>
            {
                var answer = (RedisValue[])result!;
                var wait = TimeSpan.FromMilliseconds((long)answer[1]);
                return (long)answer[0] switch
                {
                    1 => new Verdict(Refusal.LockedOut, wait),
                    2 => new Verdict(Refusal.TooFrequent, wait),
                    _ => Verdict.Allow,
                };
            },
            () => fallback.AttemptAsync(account, limit, window));

    public ValueTask<TimeSpan> FailAsync(string account, LoginDelays delays) =>
        RunAsync(
            FailScript,
            new
            {
                failures = Key(InProcessRateLimitStore.FailuresKey, account),
                @lock = Key(InProcessRateLimitStore.LockKey, account),
                memory = (long)delays.Memory.TotalMilliseconds,
                lockafter = delays.LockAfter,
                first = (long)delays.First.TotalMilliseconds,
                longest = (long)delays.Longest.TotalMilliseconds,
            },
            result => TimeSpan.FromMilliseconds((long)result),
            () => fallback.FailAsync(account, delays));

    public async ValueTask SucceedAsync(string account)
    {
        // Forgotten in both places: failures counted here during an outage must not outlive a successful login either.
        await fallback.SucceedAsync(account);
        if (!redis.IsConnected)
        {
            return;
        }

        try
        {
            await redis.GetDatabase().KeyDeleteAsync([Key(InProcessRateLimitStore.FailuresKey, account), Key(InProcessRateLimitStore.LockKey, account)]);
            Reached();
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            await FallBack(ex, ValueTask.FromResult(0));
        }
    }

    // acct:{hash}:lock → {ServiceId}:ratelimit:acct:{hash}:lock, the hash tag around the account.
    private RedisKey Key(Func<string, string> name, string account) => $"{serviceId}:ratelimit:{name($"{{{account}}}")}";

    /// <summary>One script's answer from Redis, or the in-process store's while Redis cannot be reached.</summary>
    private async ValueTask<T> RunAsync<T>(LuaScript script, object parameters, Func<RedisResult, T> read, Func<ValueTask<T>> local)
    {
        if (!redis.IsConnected)
        {
            return await FallBack(null, local());
        }

        try
        {
            var result = await script.EvaluateAsync(redis.GetDatabase(), parameters);
            Reached();
            return read(result);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return await FallBack(ex, local());
        }
    }

    private async ValueTask<T> FallBack<T>(Exception? ex, ValueTask<T> local)
    {
        if (Interlocked.Exchange(ref _unreachable, 1) == 0)
        {
            LogUnreachable(logger, ex?.Message ?? "not connected");
        }

        return await local;
    }

    private void Reached()
    {
        if (Volatile.Read(ref _unreachable) == 1 && Interlocked.Exchange(ref _unreachable, 0) == 1)
        {
            LogReachable(logger);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rate limiting cannot reach Redis ({Reason}): until it can, this API node counts requests in its own memory, so limits apply per node")]
    private static partial void LogUnreachable(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rate limiting reaches Redis again: limits are shared by all API nodes")]
    private static partial void LogReachable(ILogger logger);
}

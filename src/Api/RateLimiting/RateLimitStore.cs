using System.Collections.Concurrent;

namespace EcommerceBackend.Api.RateLimiting;

/// <summary>Why a request was refused, if it was.</summary>
internal enum Refusal
{
    None,

    /// <summary>Its window's permits are used up.</summary>
    TooFrequent,

    /// <summary>The account is locked after failed logins.</summary>
    LockedOut,
}

/// <summary>A store's answer: go ahead, or wait <see cref="RetryAfter"/>.</summary>
internal readonly record struct Verdict(Refusal Refusal, TimeSpan RetryAfter)
{
    public static Verdict Allow => default;

    public bool Allowed => Refusal == Refusal.None;
}

/// <summary>
/// Where the counters live: in Redis in cluster mode, so every API node counts against the same numbers; in this process in
/// embedded mode. Keys are the caller's (<c>general:user:…</c>, an account hash…); the store adds its own prefix.
/// </summary>
internal interface IRateLimitStore
{
    /// <summary>Counts one request in <paramref name="key"/>'s fixed window (which starts at its first request).</summary>
    ValueTask<Verdict> HitAsync(string key, int limit, TimeSpan window);

    /// <summary>A login or registration attempt for an account: refused while it is locked, or past its window's permits; else counted.</summary>
    ValueTask<Verdict> AttemptAsync(string account, int limit, TimeSpan window);

    /// <summary>Records a failed login; answers how long the account is now locked (zero while it is not yet).</summary>
    ValueTask<TimeSpan> FailAsync(string account, LoginDelays delays);

    /// <summary>A successful login: the account's failures are forgotten.</summary>
    ValueTask SucceedAsync(string account);
}

/// <summary>The counters of one process (embedded mode, and a cluster node's fallback while Redis is unreachable).</summary>
internal sealed class InProcessRateLimitStore(TimeProvider time) : IRateLimitStore
{
    private static readonly TimeSpan SweepEvery = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, Counter> _counters = new(StringComparer.Ordinal);
    private readonly long _start = time.GetTimestamp();
    private long _nextSweepMs = (long)SweepEvery.TotalMilliseconds;

    public ValueTask<Verdict> HitAsync(string key, int limit, TimeSpan window) => new(Hit(key, limit, window));

    public ValueTask<Verdict> AttemptAsync(string account, int limit, TimeSpan window)
    {
        var now = Now();
        if (TryGetLive(LockKey(account), now, out var lockedUntil))
        {
            return new(new Verdict(Refusal.LockedOut, TimeSpan.FromMilliseconds(lockedUntil - now)));
        }

        return new(Hit(AttemptsKey(account), limit, window));
    }

    public ValueTask<TimeSpan> FailAsync(string account, LoginDelays delays)
    {
        var now = Now();
        // Every failure keeps the count alive for another Memory: forgotten only after that long without one.
        var failures = Update(FailuresKey(account), now, c =>
        {
            c.Count = (c.ExpiresAtMs > now ? c.Count : 0) + 1;
            c.ExpiresAtMs = now + (long)delays.Memory.TotalMilliseconds;
            return c.Count;
        });
        var lockFor = delays.LockFor(failures);
        if (lockFor > TimeSpan.Zero)
        {
            Update(LockKey(account), now, c =>
            {
                c.Count = 1;
                c.ExpiresAtMs = now + (long)lockFor.TotalMilliseconds;
                return 1;
            });
        }

        return new(lockFor);
    }

    public ValueTask SucceedAsync(string account)
    {
        Remove(FailuresKey(account));
        Remove(LockKey(account));
        return ValueTask.CompletedTask;
    }

    internal static string AttemptsKey(string account) => $"acct:{account}:attempts";

    internal static string FailuresKey(string account) => $"acct:{account}:failures";

    internal static string LockKey(string account) => $"acct:{account}:lock";

    private Verdict Hit(string key, int limit, TimeSpan window)
    {
        var now = Now();
        var verdict = Verdict.Allow;
        Update(key, now, c =>
        {
            if (c.ExpiresAtMs <= now)
            {
                (c.Count, c.ExpiresAtMs) = (0, now + (long)window.TotalMilliseconds);
            }

            c.Count++;
            verdict = c.Count > limit ? new Verdict(Refusal.TooFrequent, TimeSpan.FromMilliseconds(c.ExpiresAtMs - now)) : Verdict.Allow;
            return c.Count;
        });
        return verdict;
    }

    private long Update(string key, long now, Func<Counter, long> change)
    {
        Sweep(now);
        while (true)
        {
            var counter = _counters.GetOrAdd(key, static _ => new Counter());
            lock (counter)
            {
                // Swept away between the lookup and the lock: start again with the counter that replaced it.
                if (!counter.Removed)
                {
                    return change(counter);
                }
            }
        }
    }

    private bool TryGetLive(string key, long now, out long expiresAtMs)
    {
        expiresAtMs = 0;
        if (!_counters.TryGetValue(key, out var counter))
        {
            return false;
        }

        lock (counter)
        {
            expiresAtMs = counter.ExpiresAtMs;
            return !counter.Removed && counter.ExpiresAtMs > now;
        }
    }

    private void Remove(string key)
    {
        if (_counters.TryRemove(key, out var counter))
        {
            lock (counter)
            {
                counter.Removed = true;
            }
        }
    }

    // Expired counters are dropped now and then, so addresses seen once do not stay in memory.
    private void Sweep(long now)
    {
        var next = Interlocked.Read(ref _nextSweepMs);
        if (now < next || Interlocked.CompareExchange(ref _nextSweepMs, now + (long)SweepEvery.TotalMilliseconds, next) != next)
        {
            return;
        }

        foreach (var (key, counter) in _counters)
        {
            lock (counter)
            {
                if (counter.ExpiresAtMs > now)
                {
                    continue;
                }

                counter.Removed = true;
                _counters.TryRemove(new KeyValuePair<string, Counter>(key, counter));
            }
        }
    }

    private long Now() => (long)time.GetElapsedTime(_start).TotalMilliseconds;

    private sealed class Counter
    {
        public long Count;
        public long ExpiresAtMs;
        public bool Removed;
    }
}

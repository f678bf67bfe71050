using EcommerceBackend.Api.RateLimiting;
using EcommerceBackend.Api.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Streaming.RabbitMQ.Tests.Infrastructure;
using StackExchange.Redis;

namespace EcommerceBackend.Api.Tests.RateLimiting;

/// <summary>
/// The counters' rules, the same in each store: in process, in the tests' Redis, and in a node whose Redis is unreachable
/// (it counts in its own memory rather than fail requests).
/// </summary>
public sealed class RateLimitStoreTests : IAsyncLifetime
{
    private static readonly LoginDelays Delays = new(LockAfter: 2, First: TimeSpan.FromSeconds(10), Longest: TimeSpan.FromSeconds(35), Memory: TimeSpan.FromMinutes(5));

    private readonly string _service = $"store-tests-{Guid.NewGuid():N}";
    private ConnectionMultiplexer _redis = null!;
    private ConnectionMultiplexer _unreachable = null!;

    public static TheoryData<string> Stores => ["in process", "redis", "redis unreachable"];

    public async Task InitializeAsync()
    {
        _redis = await ConnectionMultiplexer.ConnectAsync(TestRedis.ConnectionString);
        // Nothing listens there: the connection never comes up.
        _unreachable = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{FreePorts.Take(1)[0]},abortConnect=false,connectTimeout=200");
    }

    public async Task DisposeAsync()
    {
        await TestRedis.DeleteKeysContainingAsync(_redis, _service);
        await _redis.DisposeAsync();
        await _unreachable.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_window_allows_its_limit_then_refuses_until_it_ends(string kind)
    {
        var store = Create(kind);
        var window = TimeSpan.FromMinutes(2);

        Assert.True((await store.HitAsync("general:addr:192.0.2.1", 2, window)).Allowed);
        Assert.True((await store.HitAsync("general:addr:192.0.2.1", 2, window)).Allowed);
        var refused = await store.HitAsync("general:addr:192.0.2.1", 2, window);

        Assert.Equal(Refusal.TooFrequent, refused.Refusal);
        Assert.InRange(refused.RetryAfter, TimeSpan.FromSeconds(100), window);
        Assert.True((await store.HitAsync("general:addr:192.0.2.2", 2, window)).Allowed);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Failed_logins_lock_an_account_for_doubling_times_up_to_the_longest_and_a_success_forgets_them(string kind)
    {
        var store = Create(kind);
        var account = AccountLimitFilter.AccountKey($"Someone-{Guid.NewGuid():N}@Tests.Example ");

        Assert.Equal(TimeSpan.Zero, await store.FailAsync(account, Delays));
        Assert.True((await store.AttemptAsync(account, 100, TimeSpan.FromMinutes(1))).Allowed);
        Assert.Equal(TimeSpan.FromSeconds(10), await store.FailAsync(account, Delays));
        Assert.Equal(TimeSpan.FromSeconds(20), await store.FailAsync(account, Delays));
        Assert.Equal(TimeSpan.FromSeconds(35), await store.FailAsync(account, Delays));

        var locked = await store.AttemptAsync(account, 100, TimeSpan.FromMinutes(1));
        Assert.Equal(Refusal.LockedOut, locked.Refusal);
        Assert.InRange(locked.RetryAfter, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(35));

        await store.SucceedAsync(account);
        Assert.True((await store.AttemptAsync(account, 100, TimeSpan.FromMinutes(1))).Allowed);
        Assert.Equal(TimeSpan.Zero, await store.FailAsync(account, Delays));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task An_account_has_its_own_window_of_attempts(string kind)
    {
        var store = Create(kind);
        var account = AccountLimitFilter.AccountKey($"someone-{Guid.NewGuid():N}@tests.example");
        var window = TimeSpan.FromMinutes(1);

        Assert.True((await store.AttemptAsync(account, 2, window)).Allowed);
        Assert.True((await store.AttemptAsync(account, 2, window)).Allowed);
        Assert.Equal(Refusal.TooFrequent, (await store.AttemptAsync(account, 2, window)).Refusal);
    }

    [Fact]
    public void The_same_email_written_differently_is_one_account_and_its_key_says_nothing_of_it()
    {
        var key = AccountLimitFilter.AccountKey(" Someone@Tests.Example");

        Assert.Equal(key, AccountLimitFilter.AccountKey("someone@tests.example"));
        Assert.NotEqual(key, AccountLimitFilter.AccountKey("someone-else@tests.example"));
        Assert.DoesNotContain("someone", key, StringComparison.OrdinalIgnoreCase);
    }

    private IRateLimitStore Create(string kind) => kind switch
    {
        "in process" => new InProcessRateLimitStore(TimeProvider.System),
        "redis" => new RedisRateLimitStore(_redis, _service, new InProcessRateLimitStore(TimeProvider.System), NullLogger<RedisRateLimitStore>.Instance),
        _ => new RedisRateLimitStore(_unreachable, _service, new InProcessRateLimitStore(TimeProvider.System), NullLogger<RedisRateLimitStore>.Instance),
    };
}

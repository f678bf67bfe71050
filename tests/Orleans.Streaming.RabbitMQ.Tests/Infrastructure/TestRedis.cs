using EcommerceBackend.ClusterHosting;
using StackExchange.Redis;

namespace Orleans.Streaming.RabbitMQ.Tests.Infrastructure;

/// <summary>
/// The Redis server the tests use, named by <c>ECOMMERCE_TEST_REDIS</c> as <c>scripts/services.sh env</c> prints it.
/// Every way it can be missing fails with the same advice, naming the variable.
/// </summary>
public static class TestRedis
{
    /// <summary>The environment variable that names the Redis server.</summary>
    public const string Variable = "ECOMMERCE_TEST_REDIS";

    private const string HowToRun =
        "These tests need a real Redis server, named by " + Variable + " (host:port). Run them with scripts/test.sh, or start one with "
        + "`scripts/services.sh start redis` and `eval \"$(scripts/services.sh env)\"` before `dotnet test`.";

    /// <summary>The connection string from <see cref="Variable"/>; throws a message naming it when it is not set.</summary>
    public static string ConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { } value && !string.IsNullOrWhiteSpace(value)
            ? value
            : throw new InvalidOperationException($"{Variable} is not set. {HowToRun}");

    /// <summary>Parses <see cref="ConnectionString"/> the way the silo hosts parse their Redis setting.</summary>
    public static ConfigurationOptions ConfigurationOptions()
    {
        var connectionString = ConnectionString;
        try
        {
            return new RedisConnectionOptions { ConnectionString = connectionString }.ToConfigurationOptions();
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException)
        {
            throw new InvalidOperationException($"{Variable}='{connectionString}' is not a Redis address: {ex.Message.TrimEnd('.')}. {HowToRun}", ex);
        }
    }

    /// <summary>Connects and pings, so a Redis that does not answer fails at once with a clear message.</summary>
    public static async Task<ConnectionMultiplexer> ConnectAsync()
    {
        var options = ConfigurationOptions();
        options.AbortOnConnectFail = true;
        options.ConnectTimeout = 5_000;
        try
        {
            var connection = await ConnectionMultiplexer.ConnectAsync(options);
            await connection.GetDatabase().PingAsync();
            return connection;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            throw new InvalidOperationException($"Redis at {Variable}='{ConnectionString}' does not answer: {ex.Message.TrimEnd('.')}. {HowToRun}", ex);
        }
    }

    /// <summary>Deletes the keys a test run wrote, found by the unique text in all of them.</summary>
    public static async Task DeleteKeysContainingAsync(ConnectionMultiplexer redis, string text)
    {
        foreach (var server in redis.GetServers())
        {
            var keys = new List<RedisKey>();
            await foreach (var key in server.KeysAsync(pattern: $"*{text}*", pageSize: 500))
            {
                keys.Add(key);
            }

            if (keys.Count > 0)
            {
                await redis.GetDatabase().KeyDeleteAsync(keys.ToArray());
            }
        }
    }
}

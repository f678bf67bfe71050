using StackExchange.Redis;

namespace EcommerceBackend.Api.Tests.Infrastructure;

/// <summary>The Redis the tests use: <c>ECOMMERCE_TEST_REDIS</c>, as <c>scripts/services.sh env</c> prints it.</summary>
internal static class TestRedis
{
    public const string Variable = "ECOMMERCE_TEST_REDIS";

    /// <summary>The connection string; fails the test, naming the variable, when it is not set.</summary>
    public static string ConnectionString
    {
        get
        {
            var value = Environment.GetEnvironmentVariable(Variable);
            Assert.False(
                string.IsNullOrWhiteSpace(value),
                $"{Variable} is not set. This test needs a Redis server: run `scripts/services.sh start redis` and "
                + "`eval \"$(scripts/services.sh env)\"` before `dotnet test`.");
            return value!;
        }
    }

    /// <summary>Connects, failing with a clear message when Redis does not answer.</summary>
    public static async Task<ConnectionMultiplexer> ConnectAsync()
    {
        var connectionString = ConnectionString;
        try
        {
            var options = ConfigurationOptions.Parse(connectionString);
            options.AllowAdmin = false;
            options.ConnectTimeout = 5000;
            return await ConnectionMultiplexer.ConnectAsync(options);
        }
        catch (RedisConnectionException ex)
        {
            Assert.Fail($"Redis at {Variable}={connectionString} does not answer ({ex.Message}); start it with `scripts/services.sh start redis`.");
            throw;
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

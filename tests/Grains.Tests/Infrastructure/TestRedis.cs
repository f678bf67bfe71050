using EcommerceBackend.Grains.Hosting;
using StackExchange.Redis;

namespace EcommerceBackend.Grains.Tests.Infrastructure;

/// <summary>The Redis server the grain tests store state in, named by <c>ECOMMERCE_TEST_REDIS</c>.</summary>
public static class TestRedis
{
    /// <summary>The environment variable that names the Redis server.</summary>
    public const string Variable = "ECOMMERCE_TEST_REDIS";

    private const string HowToRun =
        "The grain tests need a real Redis server. Run them with scripts/test.sh, or start one with "
        + "`scripts/services.sh start redis` and `eval \"$(scripts/services.sh env)\"` before `dotnet test`.";

    /// <summary>The connection string from <see cref="Variable"/>; throws a message naming it when it is not set.</summary>
    public static string ConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
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

    /// <summary>Connects and pings, so a Redis that does not answer fails the run at once with a clear message.</summary>
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
        catch (RedisException ex)
        {
            throw new InvalidOperationException($"Redis at {Variable}='{ConnectionString}' does not answer: {ex.Message.TrimEnd('.')}. {HowToRun}", ex);
        }
    }
}

using System.Text.Json.Serialization;
using EcommerceBackend.Grains.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using StackExchange.Redis;

namespace EcommerceBackend.Api.Health;

/// <summary>The state of one component in <c>GET /api/health</c>.</summary>
internal sealed record ComponentHealth(
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? ActiveSilos = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error = null)
{
    [JsonIgnore]
    public bool IsHealthy => Status == HealthApi.Running;
}

/// <summary>The body of <c>GET /api/health</c>, in the original's shape with a richer per-component entry.</summary>
internal sealed record HealthResponse(string Status, DateTimeOffset Timestamp, string Mode, IReadOnlyDictionary<string, ComponentHealth> Services);

/// <summary><c>GET /api/health</c>: 200 when every component answers, 503 when one does not.</summary>
internal static class HealthApi
{
    public const string Running = "running";
    public const string Down = "down";
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(3);

    public static void MapHealthApi(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/api/health", Check).WithTags("Health").DisableRateLimiting();

    private static async Task<Results<Ok<HealthResponse>, JsonHttpResult<HealthResponse>>> Check(
        IClusterClient cluster, ClusterHostingOptions hosting, TimeProvider time, IServiceProvider services)
    {
        var components = new Dictionary<string, ComponentHealth> { ["silo-cluster"] = await ProbeSilosAsync(cluster) };
        if (services.GetService<RedisHealthProbe>() is { } redis)
        {
            components["redis"] = await redis.ProbeAsync();
        }

        var healthy = components.Values.All(c => c.IsHealthy);
        var body = new HealthResponse(healthy ? "ok" : "unavailable", time.GetUtcNow(), hosting.Mode.ToString().ToLowerInvariant(), components);
        return healthy ? TypedResults.Ok(body) : TypedResults.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<ComponentHealth> ProbeSilosAsync(IClusterClient cluster)
    {
        try
        {
            var hosts = await cluster.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(ProbeTimeout);
            return hosts.Count > 0 ? new(Running, hosts.Count) : new(Down, 0, "No active silo.");
        }
        catch (Exception ex)
        {
            return new(Down, Error: ex.GetType().Name);
        }
    }
}

/// <summary>Pings Redis, in cluster mode, over one shared connection.</summary>
internal sealed class RedisHealthProbe(RedisConnectionOptions options) : IAsyncDisposable
{
    private readonly Lazy<Task<ConnectionMultiplexer>> _connection = new(() => ConnectionMultiplexer.ConnectAsync(options.ToConfigurationOptions()));

    public async Task<ComponentHealth> ProbeAsync()
    {
        try
        {
            var connection = await _connection.Value.WaitAsync(TimeSpan.FromSeconds(3));
            await connection.GetDatabase().PingAsync().WaitAsync(TimeSpan.FromSeconds(3));
            return new(HealthApi.Running);
        }
        catch (Exception ex)
        {
            return new(HealthApi.Down, Error: ex.GetType().Name);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection.IsValueCreated && _connection.Value.IsCompletedSuccessfully)
        {
            await (await _connection.Value).DisposeAsync();
        }
    }
}

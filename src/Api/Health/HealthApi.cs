using System.Text.Json;
using System.Text.Json.Serialization;
using EcommerceBackend.ClusterHosting;
using EcommerceBackend.Records;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.OpenApi;
using StackExchange.Redis;

namespace EcommerceBackend.Api.Health;

/// <summary>
/// Health through ASP.NET Core's health checks: <c>/health/live</c> (the process answers), <c>/health/ready</c> (what
/// requests need: the silos, and Redis in cluster mode), and <c>/api/health</c>, every check in the original's shape.
/// A check whose failure does not stop orders (the records' MongoDB) makes the answer degraded, still 200.
/// </summary>
internal static class HealthApi
{
    public const string Running = "running";
    public const string Down = "down";
    public const string Off = "off";
    private const string Ready = "ready";

    public static IServiceCollection AddHealth(this IServiceCollection services, HostingMode mode, IConfiguration configuration)
    {
        var checks = services.AddHealthChecks()
            .AddCheck<SiloClusterHealthCheck>("silo-cluster", tags: [Ready]);
        if (mode == HostingMode.Cluster)
        {
            checks.AddCheck<RedisHealthCheck>("redis", tags: [Ready]);
            services.AddSingleton<RedisHealthCheck>();
        }

        checks.AddRecordsCheck(configuration);
        // Health checks are not route handlers, so the OpenAPI generator does not see them: they are described here.
        services.Configure<OpenApiOptions>(ApiReference.ApiDocument.DocumentName, o => o.AddDocumentTransformer(DescribeProbesAsync));
        return services;
    }

    private static async Task DescribeProbesAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        var shape = await context.GetOrCreateSchemaAsync(typeof(HealthResponse), null, cancellationToken);
        document.Paths.Add("/api/health", Probe("Every component's state, in the original's shape; 503 when the silos (or Redis) are down.", shape));
        document.Paths.Add("/health/live", Probe("Liveness: the process answers.", null));
        document.Paths.Add("/health/ready", Probe("Readiness: the silos, and Redis in cluster mode, answer; 503 otherwise.", null));
    }

    private static OpenApiPathItem Probe(string summary, IOpenApiSchema? shape)
    {
        OpenApiResponse Answer(string description) => new()
        {
            Description = description,
            Content = shape is null ? null : new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = shape } },
        };
        var probe = new OpenApiOperation
        {
            Summary = summary,
            Responses = new OpenApiResponses { ["200"] = Answer("Healthy or degraded."), ["503"] = Answer("Unhealthy.") },
        };
        return new OpenApiPathItem { Operations = new Dictionary<HttpMethod, OpenApiOperation> { [HttpMethod.Get] = probe, [HttpMethod.Head] = probe } };
    }

    public static void MapHealthApi(this IEndpointRouteBuilder routes)
    {
        // MapHealthChecks answers every method; a health probe is a read, so anything else is a 405 like other routes.
        var reads = new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head]);
        routes.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false })
            .WithMetadata(reads).DisableRateLimiting();
        routes.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready) })
            .WithMetadata(reads).DisableRateLimiting();
        routes.MapHealthChecks("/api/health", new HealthCheckOptions { ResponseWriter = WriteOriginalShapeAsync })
            .WithMetadata(reads)
            .WithTags("Health")
            .DisableRateLimiting();
    }

    /// <summary>The original's body: <c>status</c>, <c>timestamp</c>, and each component under <c>services</c>; plus the mode.</summary>
    private static Task WriteOriginalShapeAsync(HttpContext context, HealthReport report)
    {
        var services = context.RequestServices;
        var body = new HealthResponse(
            report.Status switch { HealthStatus.Healthy => "ok", HealthStatus.Degraded => "degraded", _ => "unavailable" },
            services.GetRequiredService<TimeProvider>().GetUtcNow(),
            services.GetRequiredService<ClusterHostingOptions>().Mode.ToString().ToLowerInvariant(),
            report.Entries.ToDictionary(e => e.Key, e => Component(e.Value)));
        context.Response.ContentType = "application/json; charset=utf-8";
        return JsonSerializer.SerializeAsync(context.Response.Body, body, JsonOptions, context.RequestAborted);
    }

    private static ComponentHealth Component(HealthReportEntry entry) => new(
        entry.Status == HealthStatus.Healthy ? (entry.Data.TryGetValue("state", out var state) ? (string)state : Running) : Down,
        entry.Data.TryGetValue("activeSilos", out var silos) ? (int)silos : null,
        entry.Status == HealthStatus.Healthy ? null : entry.Description);

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}

/// <summary>The state of one component in <c>GET /api/health</c>.</summary>
internal sealed record ComponentHealth(
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? ActiveSilos = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error = null);

/// <summary>The body of <c>GET /api/health</c>, in the original's shape with a richer per-component entry.</summary>
internal sealed record HealthResponse(string Status, DateTimeOffset Timestamp, string Mode, IReadOnlyDictionary<string, ComponentHealth> Services);

/// <summary>Whether the cluster has an active silo.</summary>
internal sealed class SiloClusterHealthCheck(IClusterClient cluster) : IHealthCheck
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var hosts = await cluster.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(ProbeTimeout, cancellationToken);
            var data = new Dictionary<string, object> { ["activeSilos"] = hosts.Count };
            return hosts.Count > 0 ? HealthCheckResult.Healthy(data: data) : HealthCheckResult.Unhealthy("No active silo.", data: data);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy(ex.GetType().Name);
        }
    }
}

/// <summary>Pings Redis, in cluster mode, over one shared connection.</summary>
internal sealed class RedisHealthCheck(RedisConnectionOptions options) : IHealthCheck, IAsyncDisposable
{
    private readonly Lazy<Task<ConnectionMultiplexer>> _connection = new(() => ConnectionMultiplexer.ConnectAsync(options.ToConfigurationOptions()));

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var connection = await _connection.Value.WaitAsync(TimeSpan.FromSeconds(3), cancellationToken);
            await connection.GetDatabase().PingAsync().WaitAsync(TimeSpan.FromSeconds(3), cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy(ex.GetType().Name);
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

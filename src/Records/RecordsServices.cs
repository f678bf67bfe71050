using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EcommerceBackend.Records;

/// <summary>Registers the records store a host uses.</summary>
public static class RecordsServices
{
    /// <summary>The name of the records' health check with MongoDB, and with the in-process store or none.</summary>
    public const string MongoHealthCheckName = "mongodb";

    /// <inheritdoc cref="MongoHealthCheckName"/>
    public const string HealthCheckName = "records";

    /// <summary>
    /// Binds <see cref="RecordsOptions"/> and registers the store: MongoDB when a connection string is set (its indexes
    /// made at start-up), else the in-process store when <paramref name="inProcessFallback"/> (embedded mode), else
    /// none (cluster mode without MongoDB: the records are off). Safe to call twice (an embedded API and its silo share
    /// one service collection).
    /// </summary>
    public static IServiceCollection AddRecords(this IServiceCollection services, IConfiguration configuration, bool inProcessFallback)
    {
        services.AddOptions<RecordsOptions>().Bind(configuration.GetSection(RecordsOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RecordsOptions>, RecordsOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        var options = configuration.GetSection(RecordsOptions.Section).Get<RecordsOptions>() ?? new();
        if (options.UsesMongo)
        {
            services.TryAddSingleton<IRecordsStore, MongoRecordsStore>();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, RecordIndexesService>());
        }
        else if (inProcessFallback)
        {
            services.TryAddSingleton<IRecordsStore, InMemoryRecordsStore>();
        }

        return services;
    }

    /// <summary>
    /// Adds the records' health check: MongoDB unreachable is <see cref="HealthStatus.Degraded"/> (orders still work and the
    /// records catch up when it returns); no records store in cluster mode is reported as off.
    /// </summary>
    public static IHealthChecksBuilder AddRecordsCheck(this IHealthChecksBuilder builder, IConfiguration configuration, params string[] tags) =>
        builder.AddCheck<RecordsHealthCheck>(
            (configuration.GetSection(RecordsOptions.Section).Get<RecordsOptions>() ?? new()).UsesMongo ? MongoHealthCheckName : HealthCheckName,
            HealthStatus.Degraded,
            tags);
}

/// <summary>Checks <see cref="RecordsOptions"/> (generated).</summary>
[OptionsValidator]
internal sealed partial class RecordsOptionsValidator : IValidateOptions<RecordsOptions>;

/// <summary>Makes the indexes when the host starts, and keeps trying in the background while MongoDB is down.</summary>
internal sealed partial class RecordIndexesService(IRecordsStore store, ILogger<RecordIndexesService> logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await store.EnsureIndexesAsync(stoppingToken);
                LogIndexesReady(logger);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogIndexesFailed(logger, ex.Message);
                await Task.Delay(RetryDelay, stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "MongoDB record indexes are in place")]
    private static partial void LogIndexesReady(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MongoDB record indexes could not be made yet ({Reason}); trying again")]
    private static partial void LogIndexesFailed(ILogger logger, string reason);
}

/// <summary>Whether the records store answers.</summary>
internal sealed class RecordsHealthCheck(IServiceProvider services) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (services.GetService<IRecordsStore>() is not { } store)
        {
            return HealthCheckResult.Healthy("off: no MongoDB is configured (MONGO_URI), so no records are kept", new Dictionary<string, object> { ["state"] = "off" });
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            await store.PingAsync(timeout.Token);
            return store is InMemoryRecordsStore
                ? HealthCheckResult.Healthy("in process", new Dictionary<string, object> { ["state"] = "in-process" })
                : HealthCheckResult.Healthy("mongodb");
        }
        catch (Exception ex)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, ex.GetType().Name);
        }
    }
}

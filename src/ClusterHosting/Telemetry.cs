using EcommerceBackend.Grains;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orleans.Streaming.RabbitMQ;

namespace EcommerceBackend.ClusterHosting;

/// <summary>
/// Tracing and metrics with OpenTelemetry, the same for every host: Orleans' grain call spans, the RabbitMQ stream
/// provider's publish and process spans, and the shop's and the provider's meters. It is switched on by
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (then exported over OTLP) or by <c>Telemetry:Enabled</c> (for a host that
/// adds an exporter of its own, as the tests do); otherwise nothing listens and nothing is recorded.
/// </summary>
public static class Telemetry
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Telemetry";

    /// <summary>The standard OpenTelemetry variable naming the collector; OTLP export is on when it is set.</summary>
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The activity sources every host records.</summary>
    public static readonly IReadOnlyList<string> Sources =
        [Orleans.Diagnostics.ActivitySources.ApplicationGrainActivitySourceName, Orleans.Diagnostics.ActivitySources.RuntimeActivitySourceName, RabbitMqTelemetry.Name];

    /// <summary>The meters every host records.</summary>
    public static readonly IReadOnlyList<string> Meters = [ShopMetrics.MeterName, RabbitMqTelemetry.Name, "Microsoft.Orleans"];

    /// <summary>Whether the configuration switches telemetry on.</summary>
    public static bool IsEnabled(IConfiguration configuration) =>
        configuration.GetValue<bool>($"{Section}:Enabled") || !string.IsNullOrWhiteSpace(configuration[OtlpEndpointSetting]);

    /// <summary>
    /// Registers OpenTelemetry tracing and metrics for <paramref name="serviceName"/> when the configuration switches
    /// them on, and returns the builder for the host's own instrumentation; <see langword="null"/> when off.
    /// </summary>
    public static OpenTelemetryBuilder? AddEcommerceTelemetry(this IServiceCollection services, IConfiguration configuration, string serviceName)
    {
        if (!IsEnabled(configuration))
        {
            return null;
        }

        var otlp = !string.IsNullOrWhiteSpace(configuration[OtlpEndpointSetting]);
        return services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName))
            .WithTracing(tracing =>
            {
                tracing.AddSource([.. Sources]);
                if (otlp)
                {
                    // Reads OTEL_EXPORTER_OTLP_ENDPOINT (and _PROTOCOL, _HEADERS) from the configuration.
                    tracing.AddOtlpExporter();
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter([.. Meters]);
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            });
    }
}

using Microsoft.Extensions.Options;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Model;

namespace EcommerceBackend.Balancer;

/// <summary>The balancer in front of the API nodes: round robin over the healthy ones, WebSockets passed through.</summary>
public static partial class BalancerHosting
{
    /// <summary>Where the balancer reports itself and what it sees of the nodes; outside the API's paths.</summary>
    public const string HealthPath = "/balancer/health";

    public static WebApplicationBuilder AddBalancer(this WebApplicationBuilder builder)
    {
        if (builder.Configuration[$"{BalancerOptions.Section}:{nameof(BalancerOptions.DestinationsFile)}"] is { Length: > 0 } file)
        {
            builder.Configuration.AddJsonFile(Path.GetFullPath(file), optional: false, reloadOnChange: true);
        }

        var section = builder.Configuration.GetSection(BalancerOptions.Section);
        builder.Services.AddSingleton<IValidateOptions<BalancerOptions>, BalancerOptionsValidator>();
        builder.Services.AddOptions<BalancerOptions>().Bind(section).ValidateOnStart();
        // The routes are made before the host is: the same validator checks the first node list now.
        var initial = section.Get<BalancerOptions>() ?? new();
        if (new BalancerOptionsValidator().Validate(Options.DefaultName, initial) is { Failed: true } result)
        {
            throw new OptionsValidationException(BalancerOptions.Section, typeof(BalancerOptions), result.Failures);
        }

        builder.Services.AddReverseProxy().LoadFromMemory(ProxyConfiguration.Routes, ProxyConfiguration.Clusters(initial));
        builder.Services.AddHostedService<DestinationsWatcher>();
        return builder;
    }

    public static WebApplication MapBalancer(this WebApplication app)
    {
        app.MapGet(HealthPath, Health);
        app.MapReverseProxy();
        return app;
    }

    /// <summary>200 while at least one API node may take requests, 503 when none; with each node's state.</summary>
    private static IResult Health(IProxyStateLookup state)
    {
        var nodes = state.TryGetCluster(ProxyConfiguration.ApiCluster, out var cluster)
            ? cluster.Destinations.Values.Select(d => new NodeHealth(d.Model.Config.Address, Describe(d.Health.Active), Describe(d.Health.Passive))).ToList()
            : [];
        var available = nodes.Count(n => n.Active != "unhealthy" && n.Passive != "unhealthy");
        var body = new BalancerHealth(available > 0 ? "ok" : "unavailable", available, nodes);
        return Results.Json(body, statusCode: available > 0 ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    private static string Describe(DestinationHealth health) => health switch
    {
        DestinationHealth.Healthy => "healthy",
        DestinationHealth.Unhealthy => "unhealthy",
        _ => "unknown",
    };

    private sealed record NodeHealth(string Address, string Active, string Passive);

    private sealed record BalancerHealth(string Status, int Available, IReadOnlyList<NodeHealth> Nodes);

    /// <summary>Hands YARP the new node list when the settings (the destinations file) change.</summary>
    private sealed partial class DestinationsWatcher(IOptionsMonitor<BalancerOptions> options, InMemoryConfigProvider proxy, ILogger<DestinationsWatcher> logger)
        : IHostedService, IDisposable
    {
        private IDisposable? _subscription;
        private string _current = "";

        public Task StartAsync(CancellationToken cancellationToken)
        {
            Apply(options.CurrentValue);
            _subscription = options.OnChange(Apply);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public void Dispose() => _subscription?.Dispose();

        private void Apply(BalancerOptions value)
        {
            var result = new BalancerOptionsValidator().Validate(Options.DefaultName, value);
            if (result.Failed)
            {
                // Keep routing to the nodes we have rather than to a list we cannot read.
                LogRejected(logger, string.Join(" ", result.Failures));
                return;
            }

            var list = string.Join(", ", value.Destinations);
            lock (this)
            {
                if (list == _current)
                {
                    return;
                }

                _current = list;
                proxy.Update(ProxyConfiguration.Routes, ProxyConfiguration.Clusters(value));
            }

            LogDestinations(logger, value.Destinations.Length, list);
        }

        [LoggerMessage(Level = LogLevel.Information, Message = "Balancing over {Count} API node(s): {Destinations}")]
        private static partial void LogDestinations(ILogger logger, int count, string destinations);

        [LoggerMessage(Level = LogLevel.Error, Message = "Ignored a change of the balancer's settings: {Failures}")]
        private static partial void LogRejected(ILogger logger, string failures);
    }
}

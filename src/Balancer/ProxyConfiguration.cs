using Yarp.ReverseProxy.Configuration;

namespace EcommerceBackend.Balancer;

/// <summary>Turns <see cref="BalancerOptions"/> into YARP's routes and clusters.</summary>
internal static class ProxyConfiguration
{
    public const string ApiCluster = "api";
    public const string HubsCluster = "hubs";

    public static IReadOnlyList<RouteConfig> Routes { get; } =
    [
        // SignalR's negotiate request and the WebSocket that follows must reach the same node: an affinity
        // cookie set on the first keeps the second there. Reconnecting after that node left picks another.
        new RouteConfig { RouteId = "hubs", ClusterId = HubsCluster, Match = new RouteMatch { Path = "/hubs/{**rest}" } },
        new RouteConfig { RouteId = "api", ClusterId = ApiCluster, Match = new RouteMatch { Path = "{**catch-all}" } },
    ];

    public static IReadOnlyList<ClusterConfig> Clusters(BalancerOptions options)
    {
        // Keyed by address, so a node keeps its identity (and its health state) when others come or go.
        var destinations = options.Destinations.ToDictionary(a => a, a => new DestinationConfig { Address = a }, StringComparer.OrdinalIgnoreCase);
        var health = new HealthCheckConfig
        {
            Active = new ActiveHealthCheckConfig
            {
                Enabled = true,
                Interval = options.HealthCheckInterval,
                Timeout = options.HealthCheckTimeout,
                Policy = "ConsecutiveFailures",
                Path = options.HealthCheckPath,
            },
            // A node that refuses connections (stopped, crashed) is skipped at once, before the next probe.
            Passive = new PassiveHealthCheckConfig { Enabled = true, Policy = "TransportFailureRate", ReactivationPeriod = TimeSpan.FromSeconds(5) },
            // When every node looks unhealthy, try them all rather than answer 503 from here: a node's own answer says more.
            AvailableDestinationsPolicy = "HealthyOrPanic",
        };
        return
        [
            new ClusterConfig { ClusterId = ApiCluster, LoadBalancingPolicy = "RoundRobin", Destinations = destinations, HealthCheck = health },
            new ClusterConfig
            {
                ClusterId = HubsCluster,
                LoadBalancingPolicy = "RoundRobin",
                Destinations = destinations,
                HealthCheck = health,
                SessionAffinity = new SessionAffinityConfig { Enabled = true, Policy = "HashCookie", AffinityKeyName = ".EcommerceBackend.Node" },
            },
        ];
    }
}

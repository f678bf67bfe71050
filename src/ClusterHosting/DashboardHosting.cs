using Microsoft.Extensions.Configuration;
using Orleans.Dashboard;

namespace EcommerceBackend.ClusterHosting;

/// <summary>
/// The Orleans Dashboard, off unless <c>Dashboard:Enabled</c> is set. Every silo then collects what it shows (its
/// grain call profiler costs a little on every call, hence off by default), and the API serves it to administrators
/// only, under <see cref="Path"/>: Orleans 10's dashboard has no web server of its own, and a port of its own on
/// the silos would show the cluster to anyone who reaches it.
/// </summary>
public sealed class DashboardHosting
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Dashboard";

    /// <summary>Where the API serves the dashboard.</summary>
    public const string Path = "/dashboard";

    /// <summary>Whether the silos collect the dashboard's data and the API serves it.</summary>
    public bool Enabled { get; set; }

    /// <summary>Whether the configuration switches the dashboard on.</summary>
    public static bool IsEnabled(IConfiguration configuration) =>
        (configuration.GetSection(Section).Get<DashboardHosting>() ?? new()).Enabled;

    /// <summary>Adds the dashboard's collecting side to a silo when it is switched on.</summary>
    public static ISiloBuilder AddEcommerceDashboard(ISiloBuilder silo, IConfiguration configuration) =>
        IsEnabled(configuration) ? silo.AddDashboard() : silo;

    /// <summary>Adds the dashboard's client side to an API node of cluster mode when it is switched on.</summary>
    public static IClientBuilder AddEcommerceDashboard(IClientBuilder client, IConfiguration configuration) =>
        IsEnabled(configuration) ? client.AddDashboard() : client;
}

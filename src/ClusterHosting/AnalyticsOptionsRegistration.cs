using EcommerceBackend.Contracts.Analytics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EcommerceBackend.ClusterHosting;

/// <summary>Registers <see cref="AnalyticsOptions"/>, validated at start-up.</summary>
public static class AnalyticsOptionsRegistration
{
    /// <summary>
    /// Binds <see cref="AnalyticsOptions"/> to <paramref name="configuration"/> and validates them at start-up. Safe to
    /// call twice (an embedded API and its silo share one service collection): the rules are registered once.
    /// </summary>
    public static IServiceCollection AddAnalyticsOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<AnalyticsOptions, AnalyticsOptionsValidator>(configuration.GetSection(AnalyticsOptions.Section));
        return services;
    }
}

using EcommerceBackend.ClusterHosting;

namespace EcommerceBackend.Api.Hosting;

/// <summary>Puts the API in front of the cluster: a co-hosted silo (embedded mode) or an Orleans client (cluster mode).</summary>
internal static partial class OrleansHosting
{
    private static readonly TimeSpan ConnectRetryLimit = TimeSpan.FromSeconds(60);

    public static HostingMode AddOrleans(this WebApplicationBuilder builder)
    {
        var cluster = builder.Configuration.GetClusterOptions();
        if (cluster.Mode == HostingMode.Embedded)
        {
            builder.UseOrleans(silo => silo.AddEcommerceSilo(builder.Configuration, HostingMode.Embedded));
        }
        else
        {
            builder.UseOrleansClient(client =>
            {
                client.AddEcommerceClient(builder.Configuration);
                client.UseConnectionRetryFilter<GatewayRetryFilter>();
            });
        }

        return cluster.Mode;
    }

    /// <summary>Keeps an API node that starts before its silos trying for a while instead of failing at once.</summary>
    private sealed partial class GatewayRetryFilter(ILogger<GatewayRetryFilter> logger) : IClientConnectionRetryFilter
    {
        private readonly DateTime _giveUpAt = DateTime.UtcNow + ConnectRetryLimit;

        public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
        {
            if (DateTime.UtcNow > _giveUpAt)
            {
                return false;
            }

            LogWaitingForSilos(logger, exception.Message);
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            return true;
        }

        [LoggerMessage(Level = LogLevel.Warning, Message = "No silo gateway reachable yet ({Reason}); retrying")]
        private static partial void LogWaitingForSilos(ILogger logger, string reason);
    }
}

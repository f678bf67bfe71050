using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;

namespace EcommerceBackend.Api.Live;

/// <summary>The SignalR hubs, the relay that feeds them from the event streams, and the analytics push.</summary>
internal static class LiveUpdates
{
    public const string HubsPath = "/hubs";

    public static IServiceCollection AddLiveUpdates(this IServiceCollection services)
    {
        services.AddSignalR().AddJsonProtocol(o => Hosting.ApplicationServices.ConfigureJson(o.PayloadSerializerOptions));
        services.AddSingleton<IUserIdProvider, SubjectUserIdProvider>();
        services.AddHostedService<EventRelay>();
        services.AddSingleton<AnalyticsAudience>();
        services.AddHostedService<AnalyticsPush>();
        return services;
    }

    public static void MapLiveUpdates(this IEndpointRouteBuilder routes)
    {
        routes.MapHub<OrdersHub>($"{HubsPath}/orders", ConfigureConnections).OwnedByNegotiatingUser();
        routes.MapHub<AlertsHub>($"{HubsPath}/alerts", ConfigureConnections).OwnedByNegotiatingUser();
        routes.MapHub<AnalyticsHub>($"{HubsPath}/analytics", ConfigureConnections).OwnedByNegotiatingUser();
    }

    private static void ConfigureConnections(HttpConnectionDispatcherOptions options)
    {
        // A connection lasts no longer than its token: the bearer handler puts the token's exp (without the clock
        // skew validation allows) in the ticket's ExpiresUtc, and SignalR closes the connection within a second of it,
        // on every transport. Long polling takes the expiry of each poll's token, so a client that renews it stays.
        options.CloseOnAuthenticationExpiration = true;
        // Protocol 0 uses the public connection id as the connection token; ConnectionOwnership binds connectionToken.
        options.MinimumProtocolVersion = 1;
    }
}

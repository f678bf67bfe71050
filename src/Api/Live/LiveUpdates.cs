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
        routes.MapHub<OrdersHub>($"{HubsPath}/orders");
        routes.MapHub<AlertsHub>($"{HubsPath}/alerts");
        routes.MapHub<AnalyticsHub>($"{HubsPath}/analytics");
    }
}

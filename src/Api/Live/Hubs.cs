using EcommerceBackend.Api.Auth;
using EcommerceBackend.Contracts.Analytics;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace EcommerceBackend.Api.Live;

/// <summary>The SignalR group every administrator's connections join.</summary>
internal static class LiveGroups
{
    public const string Admins = "admins";

    /// <summary>Puts an administrator's connection in the admins' group.</summary>
    public static Task JoinAsync(HubCallerContext context, IGroupManager groups) =>
        context.User?.IsAdmin() == true ? groups.AddToGroupAsync(context.ConnectionId, Admins) : Task.CompletedTask;
}

/// <summary><c>/hubs/orders</c>: a customer hears about their own orders (method <c>order</c>); admins about all.</summary>
[Authorize]
internal sealed class OrdersHub : Hub
{
    public override Task OnConnectedAsync() => LiveGroups.JoinAsync(Context, Groups);
}

/// <summary><c>/hubs/alerts</c>: a user's own notifications (method <c>alert</c>); admins also the admins' alerts.</summary>
[Authorize]
internal sealed class AlertsHub : Hub
{
    public override Task OnConnectedAsync() => LiveGroups.JoinAsync(Context, Groups);
}

/// <summary>
/// <c>/hubs/analytics</c>: for administrators. Method <c>summary</c> brings the analytics summary: the current one on
/// connecting, then each change (<see cref="AnalyticsPush"/>).
/// </summary>
[Authorize(Policy = Roles.AdminPolicy)]
internal sealed partial class AnalyticsHub(IClusterClient cluster, AnalyticsAudience audience, ILogger<AnalyticsHub> logger) : Hub
{
    public const string SummaryMethod = "summary";

    public override async Task OnConnectedAsync()
    {
        // The current summary goes out before the connection joins the pushes' group, so a push can never arrive
        // ahead of it with a newer version; a push that went to the group meanwhile is caught up just after joining.
        var sent = await SendSummaryAsync();
        await LiveGroups.JoinAsync(Context, Groups);
        audience.Joined(sent);
        if (audience.LastPushed > sent)
        {
            await SendSummaryAsync();
        }
    }

    private async Task<long?> SendSummaryAsync()
    {
        try
        {
            var summary = await cluster.GetGrain<IAnalyticsGrain>(AnalyticsGrainKeys.Global).GetSummaryAsync();
            await Clients.Caller.SendAsync(SummaryMethod, summary);
            return summary.Version;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The connection stays: the next push brings the summary.
            LogFirstSummaryFailed(logger, ex.Message);
            return null;
        }
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        audience.Left();
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The analytics summary for a new connection could not be read: {Reason}")]
    private static partial void LogFirstSummaryFailed(ILogger logger, string reason);
}

/// <summary>SignalR users are customers: the token's subject is the user id.</summary>
internal sealed class SubjectUserIdProvider : IUserIdProvider
{
    public string? GetUserId(HubConnectionContext connection) => connection.User.CustomerId();
}

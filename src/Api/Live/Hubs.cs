using EcommerceBackend.Api.Auth;
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

/// <summary><c>/hubs/analytics</c>: for administrators; the analytics work feeds it.</summary>
[Authorize(Policy = Roles.AdminPolicy)]
internal sealed class AnalyticsHub : Hub
{
    public override Task OnConnectedAsync() => LiveGroups.JoinAsync(Context, Groups);
}

/// <summary>SignalR users are customers: the token's subject is the user id.</summary>
internal sealed class SubjectUserIdProvider : IUserIdProvider
{
    public string? GetUserId(HubConnectionContext connection) => connection.User.CustomerId();
}

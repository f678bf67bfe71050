using System.Security.Claims;
using EcommerceBackend.Api.ApiReference;
using EcommerceBackend.Api.Auth;
using EcommerceBackend.Api.Infrastructure;
using EcommerceBackend.Contracts;
using EcommerceBackend.Contracts.Events;
using EcommerceBackend.Contracts.Notifications;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EcommerceBackend.Api.Notifications;

/// <summary>
/// <c>/api/notifications</c>: the caller's own inbox; <c>/api/alerts</c>: the admins' inbox, for admins.
/// Every route needs a token.
/// </summary>
internal static class NotificationsApi
{
    public static IEndpointRouteBuilder MapNotificationsApi(this IEndpointRouteBuilder routes)
    {
        var notifications = routes.MapGroup("/api/notifications").WithTags("Notifications").WithRequestValidation().RequireAuthorization();
        notifications.MapGet("/", List);
        notifications.MapPost("/read-all", ReadAll);
        notifications.MapPost("/{id}/read", Read).ProducesProblem(StatusCodes.Status404NotFound);

        var alerts = routes.MapGroup("/api/alerts").WithTags("Alerts").WithRequestValidation().RequireAuthorization(Roles.AdminPolicy);
        alerts.MapGet("/", ListAlerts);
        return routes;
    }

    private static async Task<Ok<NotificationPageResponse>> List(NotificationListQuery query, ClaimsPrincipal user, IClusterClient cluster) =>
        TypedResults.Ok(NotificationPageResponse.From(await Own(cluster, user).ListAsync(query.ToQuery())));

    private static async Task<Results<Ok<Notification>, ProblemHttpResult>> Read(string id, ClaimsPrincipal user, IClusterClient cluster) =>
        EntityId.IsWellFormed(id) && await Own(cluster, user).MarkReadAsync(id) is { } notification
            ? TypedResults.Ok(notification)
            : Problems.NotFound("notification", id);

    private static async Task<Ok<ReadAllResponse>> ReadAll(ClaimsPrincipal user, IClusterClient cluster) =>
        TypedResults.Ok(new ReadAllResponse(await Own(cluster, user).MarkAllReadAsync(), 0));

    private static async Task<Ok<NotificationPageResponse>> ListAlerts(NotificationListQuery query, IClusterClient cluster) =>
        TypedResults.Ok(NotificationPageResponse.From(await cluster.GetGrain<INotificationInboxGrain>(NotificationInboxes.Admins).ListAsync(query.ToQuery())));

    private static INotificationInboxGrain Own(IClusterClient cluster, ClaimsPrincipal user) =>
        cluster.GetGrain<INotificationInboxGrain>(user.CustomerId() ?? throw new InvalidOperationException("An authenticated caller has a subject."));
}

/// <summary>The query of the inbox lists: paging, <c>unread=true|false</c> and <c>type</c> (a notification kind).</summary>
[RequestParameter("unread", "true or false: only unread or only read notifications.")]
[RequestParameter("type", "Only notifications of this kind: order.created, order.updated, order.cancelled or product.stock_low.")]
internal sealed class NotificationListQuery : IPagedQuery
{
    /// <summary>The kinds of notification there are: the routing keys that make them.</summary>
    public static readonly IReadOnlyList<string> Types =
        [EventTypes.OrderCreated, EventTypes.OrderUpdated, EventTypes.OrderCancelled, EventTypes.ProductStockLow];

    public required PagingQuery Paging { get; init; }

    public string? Unread { get; init; }

    public string? Type { get; init; }

    public static ValueTask<NotificationListQuery?> BindAsync(HttpContext context) => ValueTask.FromResult<NotificationListQuery?>(new()
    {
        Paging = PagingQuery.From(context),
        Unread = PagingQuery.Single(context, "unread"),
        Type = PagingQuery.Single(context, "type"),
    });

    public NotificationQuery ToQuery() => new()
    {
        Page = Paging.Request,
        Unread = Unread is null ? null : Unread == "true",
        Type = Type,
    };
}

internal sealed class NotificationListQueryValidator : AbstractValidator<NotificationListQuery>
{
    public NotificationListQueryValidator(IValidator<IPagedQuery> paging)
    {
        Include(paging);
        RuleFor(q => q.Unread).Must(u => u is null or "true" or "false").WithMessage("The unread parameter must be true or false.");
        RuleFor(q => q.Type).OneOf(NotificationListQuery.Types);
    }
}

/// <summary>One page of an inbox: the page fields every list has, and the inbox's unread count.</summary>
internal sealed record NotificationPageResponse(IReadOnlyList<Notification> Items, int Page, int Limit, int Total, int TotalPages, int UnreadCount)
{
    public static NotificationPageResponse From(NotificationPage page)
    {
        var list = PageResponse<Notification>.From(page.Result);
        return new(list.Items, list.Page, list.Limit, list.Total, list.TotalPages, page.UnreadCount);
    }
}

/// <summary>The answer of <c>POST /api/notifications/read-all</c>: how many were marked, and the unread count after.</summary>
internal sealed record ReadAllResponse(int Marked, int UnreadCount);

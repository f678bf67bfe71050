using EcommerceBackend.Contracts.Events;
using EcommerceBackend.Contracts.Notifications;
using Microsoft.AspNetCore.SignalR;
using Orleans.Streams;

namespace EcommerceBackend.Api.Live;

/// <summary>
/// Every API node subscribes to the order and alert streams and pushes what concerns its connected users:
/// each node hears every event (whichever node the change came through), and SignalR delivers it to the
/// user's connections on this node. Order events go to the order's owner and the admins; <c>alert.sent</c>
/// goes to the inbox's owner, or to the admins for the admins' inbox.
/// </summary>
internal sealed partial class EventRelay(
    IClusterClient cluster,
    IHubContext<OrdersHub> orders,
    IHubContext<AlertsHub> alerts,
    ILogger<EventRelay> logger) : IHostedService, IAsyncObserver<DomainEvent>
{
    private static readonly string[] Types = [EventTypes.OrderCreated, EventTypes.OrderUpdated, EventTypes.OrderCancelled, EventTypes.AlertSent];
    private readonly List<StreamSubscriptionHandle<DomainEvent>> _subscriptions = [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var provider = cluster.GetStreamProvider(StreamProviders.Events);
        foreach (var type in Types)
        {
            _subscriptions.Add(await provider.GetStream<DomainEvent>(EventTypes.ExchangeOf(type), type).SubscribeAsync(this));
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var subscription in _subscriptions)
        {
            try
            {
                await subscription.UnsubscribeAsync();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A node going away: the streams drop a subscription whose client is gone by themselves.
                LogUnsubscribeFailed(logger, ex.Message);
            }
        }
    }

    public Task OnNextAsync(DomainEvent item, StreamSequenceToken? token = null) => item switch
    {
        { Data: OrderEventData data } => SendOrderAsync(data.Order.CustomerId, Live(item, data.Order)),
        { Data: AlertSentData alert } => (alert.Recipient == NotificationInboxes.Admins
                ? alerts.Clients.Group(LiveGroups.Admins)
                : alerts.Clients.User(alert.Recipient))
            .SendAsync("alert", Live(item, alert), CancellationToken.None),
        _ => Task.CompletedTask,
    };

    public Task OnCompletedAsync() => Task.CompletedTask;

    private Task SendOrderAsync(string customerId, LiveMessage message) => Task.WhenAll(
        orders.Clients.User(customerId).SendAsync("order", message, CancellationToken.None),
        orders.Clients.Group(LiveGroups.Admins).SendAsync("order", message, CancellationToken.None));

    public Task OnErrorAsync(Exception ex)
    {
        LogStreamError(logger, ex.Message);
        return Task.CompletedTask;
    }

    private static LiveMessage Live(DomainEvent e, object data) => new(e.Id, e.Type, e.Time, e.Subject, data);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Leaving an event stream failed: {Reason}")]
    private static partial void LogUnsubscribeFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "An event stream reported an error: {Reason}")]
    private static partial void LogStreamError(ILogger logger, string reason);
}

/// <summary>What a hub sends: the event's envelope fields and its payload.</summary>
internal sealed record LiveMessage(string Id, string Type, DateTimeOffset Time, string Subject, object Data);

using System.Globalization;
using EcommerceBackend.Contracts.Events;
using EcommerceBackend.Contracts.Notifications;
using EcommerceBackend.Grains.Events;
using EcommerceBackend.Grains.Notifications.Email;

namespace EcommerceBackend.Grains.Notifications;

/// <inheritdoc cref="IAlertConsumerGrain"/>
/// <remarks>
/// Holds no state: the inboxes drop an event id they have already seen, so a redelivered event (at-least-once
/// streams, a retry after a failed delivery) never makes a second notification. A failing inbox call fails the
/// delivery, so the stream delivers the event again.
/// </remarks>
[ImplicitStreamSubscription(EventTypes.OrderExchange)]
[ImplicitStreamSubscription(EventTypes.ProductExchange)]
public sealed class AlertConsumerGrain(IAlertMailer mailer) : DomainEventConsumerGrain, IAlertConsumerGrain
{
    /// <inheritdoc/>
    public override async Task HandleAsync(DomainEvent domainEvent)
    {
        if (ToNotification(domainEvent) is ({ } inbox, { } notification)
            && await GrainFactory.GetGrain<INotificationInboxGrain>(inbox).AddAsync(notification) is { } added)
        {
            // Only a notification the inbox took (not a redelivery) is mailed, and mailing never holds the stream up.
            mailer.Enqueue(new AlertMail(inbox, added));
        }
    }

    /// <summary>
    /// The inbox and notification an event makes, or nothing for an event this consumer has no use for
    /// (another type, a payload that does not match its type, a stock-low event whose stock is not below its threshold).
    /// </summary>
    public static (string Inbox, NewNotification Notification)? ToNotification(DomainEvent e)
    {
        switch (e.Type, e.Data)
        {
            case (EventTypes.OrderCreated or EventTypes.OrderUpdated or EventTypes.OrderCancelled, OrderEventData { Order: { } order })
                when order.Id == e.Subject && order.CustomerId.Length > 0:
                var status = order.Status.ToString().ToLowerInvariant();
                var (title, message) = e.Type switch
                {
                    EventTypes.OrderCreated => ("Order placed", $"Your order {order.Id} was placed; its status is {status}."),
                    EventTypes.OrderCancelled => ("Order cancelled", $"Your order {order.Id} was cancelled; its status is {status}."),
                    _ => ($"Order {status}", $"Your order {order.Id} is now {status}."),
                };
                return (order.CustomerId, New(e, title, message));
            case (EventTypes.ProductStockLow, ProductStockLowData low) when low.ProductId == e.Subject && low.Stock < low.Threshold:
                return (NotificationInboxes.Admins, New(
                    e,
                    $"Low stock: {low.Name}",
                    string.Create(CultureInfo.InvariantCulture, $"Product {low.Name} ({low.ProductId}) is down to {low.Stock} unit(s), below the threshold of {low.Threshold}.")));
            default:
                return null;
        }
    }

    private static NewNotification New(DomainEvent e, string title, string message) => new()
    {
        EventId = e.Id,
        Type = e.Type,
        Title = title,
        Message = message,
        Subject = e.Subject,
        Time = e.Time,
    };
}

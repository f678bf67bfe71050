using EcommerceBackend.Contracts;
using EcommerceBackend.Contracts.Events;
using EcommerceBackend.Contracts.Notifications;
using EcommerceBackend.Contracts.Orders;
using EcommerceBackend.Grains.Events;
using EcommerceBackend.Grains.Notifications;
using EcommerceBackend.Grains.Orders;
using EcommerceBackend.Grains.Tests.Infrastructure;
using EcommerceBackend.Grains.Tests.Orders;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Streaming.RabbitMQ.Tests.Infrastructure;

namespace EcommerceBackend.Grains.Tests.Notifications;

/// <summary>What notification tests share: inboxes, made-up events and polling with a deadline.</summary>
public abstract class NotificationTest(ClusterFixture fixture) : OrderTest(fixture)
{
    /// <summary>The history limit the silos run with (the default: the test cluster does not configure one).</summary>
    protected int HistoryLimit => Fixture.Cluster.GetActiveSilos()
        .Select(s => Fixture.Cluster.GetSiloServiceProvider(s.SiloAddress).GetRequiredService<IOptions<NotificationOptions>>().Value.HistoryLimit)
        .Distinct()
        .Single();

    protected INotificationInboxGrain Inbox(string key) => Grains.GetGrain<INotificationInboxGrain>(key);

    protected INotificationInboxGrain Admins => Inbox(NotificationInboxes.Admins);

    /// <summary>Every notification of an inbox, newest first (optionally only one kind).</summary>
    protected async Task<IReadOnlyList<Notification>> AllAsync(string key, string? type = null) =>
        (await Inbox(key).ListAsync(new NotificationQuery { Page = new PageRequest { Page = 1, Limit = int.MaxValue }, Type = type })).Result.Items;

    /// <summary>A notification for a made-up event, at <paramref name="time"/>.</summary>
    protected static NewNotification Note(DateTimeOffset time, string? eventId = null, string type = EventTypes.OrderUpdated) => new()
    {
        EventId = eventId ?? EntityId.New(),
        Type = type,
        Title = "Order confirmed",
        Message = "Your order is now confirmed.",
        Subject = EntityId.New(),
        Time = time,
    };

    /// <summary>An order event about a made-up order of <paramref name="customerId"/>, as the order grain would publish it.</summary>
    protected static DomainEvent OrderEvent(string customerId, string type = EventTypes.OrderCreated, OrderStatus status = OrderStatus.Pending)
    {
        var now = DateTimeOffset.UtcNow;
        var order = new OrderDetails
        {
            Id = EntityId.New(),
            CustomerId = customerId,
            Items = [new OrderLine { ProductId = EntityId.New(), Name = "Thing", UnitPrice = 2m, Quantity = 1 }],
            ShippingAddress = Address,
            Status = status,
            Total = 2m,
            CreatedAt = now,
            UpdatedAt = now,
            History = [new OrderStatusChange { Status = status, At = now, Actor = customerId }],
        };
        return new DomainEvent
        {
            Id = EntityId.New(),
            Type = type,
            Source = "grains-tests/notifications",
            Time = now,
            Subject = order.Id,
            Data = new OrderEventData { Order = order, Actor = customerId },
        };
    }

    /// <summary>Polls the inbox (up to <see cref="EventRecorder.Deadline"/>) until a notification of <paramref name="type"/> about <paramref name="subject"/> is in it.</summary>
    protected async Task<Notification> WaitForNotificationAsync(string key, string subject, string type) =>
        (await Eventually.Until(
            $"a {type} notification about {subject} in inbox {key}",
            () => AllAsync(key, type),
            all => all.Any(n => n.Subject == subject),
            EventRecorder.Deadline)).First(n => n.Subject == subject);
}

using EcommerceBackend.Contracts;
using EcommerceBackend.Contracts.Events;
using EcommerceBackend.Contracts.Notifications;
using EcommerceBackend.Contracts.Orders;
using EcommerceBackend.Contracts.Products;
using EcommerceBackend.Grains.Events;
using EcommerceBackend.Grains.Notifications;
using EcommerceBackend.Grains.Orders;
using EcommerceBackend.Grains.Products;
using EcommerceBackend.Grains.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EcommerceBackend.Grains.Tests.Notifications;

/// <summary>The alert consumer turns order events into the owner's notifications and low stock into admin alerts, once each.</summary>
public sealed class AlertConsumerTests(ClusterFixture fixture) : NotificationTest(fixture)
{
    private int LowStockThreshold => Fixture.Cluster.GetActiveSilos()
        .Select(s => Fixture.Cluster.GetSiloServiceProvider(s.SiloAddress).GetRequiredService<IOptions<CatalogOptions>>().Value.LowStockThreshold)
        .Distinct()
        .Single();

    [Fact]
    public async Task An_order_placed_moved_and_cancelled_notifies_its_owner_once_per_event_naming_order_and_status()
    {
        var (order, _) = await PendingOrderAsync(stock: 50, quantity: 1);
        await MoveAsync(order.Id, OrderStatus.Confirmed, Admin);
        Assert.True((await Order(order.Id).CancelAsync(order.CustomerId)).Succeeded);

        var created = await WaitForNotificationAsync(order.CustomerId, order.Id, EventTypes.OrderCreated);
        var confirmed = await WaitForNotificationAsync(order.CustomerId, order.Id, EventTypes.OrderUpdated);
        var cancelled = await WaitForNotificationAsync(order.CustomerId, order.Id, EventTypes.OrderCancelled);
        foreach (var (notification, status) in new[] { (created, "pending"), (confirmed, "confirmed"), (cancelled, "cancelled") })
        {
            Assert.Contains(order.Id, notification.Message, StringComparison.Ordinal);
            Assert.Contains(status, notification.Title + " " + notification.Message, StringComparison.Ordinal);
            Assert.False(notification.Read);
        }

        var events = await Events.ExactlyAsync(order.Id, EventTypes.OrderCreated, 1);
        Assert.Equal(events[0].Id, created.EventId);
        await Events.SettleAsync();
        var all = await AllAsync(order.CustomerId);
        Assert.Equal([cancelled.Id, confirmed.Id, created.Id], all.Select(n => n.Id));
        Assert.Equal(3, await Inbox(order.CustomerId).GetUnreadCountAsync());
        foreach (var notification in all)
        {
            var sent = Assert.Single(await Events.ExactlyAsync(notification.Id, EventTypes.AlertSent, 1));
            Assert.Equal(order.CustomerId, Assert.IsType<AlertSentData>(sent.Data).Recipient);
        }
    }

    [Fact]
    public async Task A_redelivered_event_makes_no_second_notification_through_the_stream_or_the_consumer()
    {
        var customerId = EntityId.New();
        var repeated = OrderEvent(customerId);
        var sentinel = OrderEvent(customerId);
        var stream = Fixture.Cluster.Client.GetStreamProvider(StreamProviders.Events)
            .GetStream<DomainEvent>(StreamDomainEventPublisher.StreamOf(EventTypes.OrderCreated));

        await stream.OnNextAsync(repeated);
        await stream.OnNextAsync(repeated);
        await stream.OnNextAsync(sentinel);
        // The consumer handles its stream in order: once the sentinel is in, both deliveries of the first were handled.
        await WaitForNotificationAsync(customerId, sentinel.Subject, EventTypes.OrderCreated);
        var consumer = Grains.GetGrain<IAlertConsumerGrain>(EventTypes.OrderCreated);
        await consumer.HandleAsync(repeated);
        await consumer.HandleAsync(repeated);

        var all = await AllAsync(customerId);
        Assert.Equal(2, all.Count);
        var notification = Assert.Single(all, n => n.EventId == repeated.Id);
        Assert.Equal(repeated.Subject, notification.Subject);
        await Events.ExactlyAsync(notification.Id, EventTypes.AlertSent, 1);
    }

    [Fact]
    public async Task Stock_falling_below_the_threshold_puts_one_alert_in_the_admins_inbox()
    {
        var threshold = LowStockThreshold;
        var customerId = await RegisterCustomerAsync();
        var product = await StockedProductAsync(threshold + 2);

        await PlaceAsync(customerId, (product.Id, 3));

        var alert = await WaitForNotificationAsync(NotificationInboxes.Admins, product.Id, EventTypes.ProductStockLow);
        Assert.Contains(product.Name, alert.Title, StringComparison.Ordinal);
        Assert.Contains(product.Id, alert.Message, StringComparison.Ordinal);
        var low = Assert.Single(await Events.ExactlyAsync(product.Id, EventTypes.ProductStockLow, 1));
        Assert.Equal(low.Id, alert.EventId);
        Assert.Single(await AllAsync(NotificationInboxes.Admins, EventTypes.ProductStockLow), n => n.Subject == product.Id);
        var sent = Assert.Single(await Events.ExactlyAsync(alert.Id, EventTypes.AlertSent, 1));
        Assert.Equal(NotificationInboxes.Admins, Assert.IsType<AlertSentData>(sent.Data).Recipient);
        Assert.DoesNotContain(await AllAsync(customerId), n => n.Subject == product.Id);
    }

    [Fact]
    public void Events_the_consumer_has_no_use_for_make_no_notification()
    {
        var order = OrderEvent(EntityId.New());
        var now = DateTimeOffset.UtcNow;
        var low = new ProductStockLowData { ProductId = EntityId.New(), Name = "Thing", Stock = 3, Threshold = 10 };
        var stockLow = new DomainEvent { Id = EntityId.New(), Type = EventTypes.ProductStockLow, Source = "test", Time = now, Subject = low.ProductId, Data = low };

        Assert.NotNull(AlertConsumerGrain.ToNotification(order));
        Assert.NotNull(AlertConsumerGrain.ToNotification(stockLow));
        // A payload that does not match its type (as the test recorder's settle markers are).
        Assert.Null(AlertConsumerGrain.ToNotification(order with { Data = low }));
        Assert.Null(AlertConsumerGrain.ToNotification(stockLow with { Data = order.Data }));
        // Stock that is not below its threshold is no alert.
        Assert.Null(AlertConsumerGrain.ToNotification(stockLow with { Data = low with { Stock = 10 } }));
        // A product change is not a notification.
        Assert.Null(AlertConsumerGrain.ToNotification(stockLow with { Type = EventTypes.ProductUpdated }));
        // A payload about another entity than the subject.
        Assert.Null(AlertConsumerGrain.ToNotification(order with { Subject = EntityId.New() }));
    }
}

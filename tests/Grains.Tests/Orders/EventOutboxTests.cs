using EcommerceBackend.Contracts;
using EcommerceBackend.Contracts.Events;
using EcommerceBackend.Contracts.Orders;
using EcommerceBackend.Grains.Events;
using EcommerceBackend.Grains.Orders;
using EcommerceBackend.Grains.Tests.Infrastructure;
using Orleans.Streaming.RabbitMQ.Tests.Infrastructure;

namespace EcommerceBackend.Grains.Tests.Orders;

/// <summary>
/// Events are stored with the change that caused them, so a publish that fails is not lost: the grain retries
/// while it is active, and publishes what is left when it is next activated, once.
/// </summary>
public sealed class EventOutboxTests(ClusterFixture fixture) : OrderTest(fixture)
{
    [Fact]
    public async Task An_order_event_that_could_not_be_published_before_deactivation_is_published_once_on_the_next_activation()
    {
        var customerId = await RegisterCustomerAsync();
        var product = await StockedProductAsync(20);
        var orderId = EntityId.New();
        using (FaultInjectingEventPublisher.FailFor(orderId))
        {
            var placed = await Order(orderId).PlaceAsync(Request(customerId, (product.Id, 1)));
            Assert.True(placed.Created);
            await Fixture.Cluster.DeactivateAsync(Order(orderId));
            Assert.True(FaultInjectingEventPublisher.FailedAttempts(orderId) >= 1);
            await Events.SettleAsync();
            Assert.Empty(Events.About(orderId));
        }

        Assert.NotNull(await Order(orderId).GetAsync());

        var created = Assert.Single(await Events.ExactlyAsync(orderId, EventTypes.OrderCreated, 1));
        Assert.Equal(orderId, Assert.IsType<OrderEventData>(created.Data).Order.Id);

        // Once out, it stays out: the next activation has nothing left to publish.
        await Fixture.Cluster.DeactivateAsync(Order(orderId));
        Assert.NotNull(await Order(orderId).GetAsync());
        await Events.ExactlyAsync(orderId, EventTypes.OrderCreated, 1);
    }

    [Fact]
    public async Task Product_events_that_could_not_be_published_before_deactivation_are_published_once_on_the_next_activation()
    {
        var customerId = await RegisterCustomerAsync();
        var product = await StockedProductAsync(11);
        OrderDetails order;
        using (FaultInjectingEventPublisher.FailFor(product.Id))
        {
            // The order is placed although its product cannot publish: the events wait in the product's state.
            order = await PlaceAsync(customerId, (product.Id, 2));
            await Fixture.Cluster.DeactivateAsync(Product(product.Id));
            Assert.True(FaultInjectingEventPublisher.FailedAttempts(product.Id) >= 1);
            await Events.SettleAsync();
            Assert.Empty(Events.About(product.Id, where: EventRecorder.Changes));
        }

        Assert.Equal(9, await StockOf(product.Id));

        var updated = Assert.IsType<ProductUpdatedData>(Assert.Single(await Events.ExactlyAsync(product.Id, EventTypes.ProductUpdated, 1, EventRecorder.Changes)).Data);
        Assert.Equal(("reserved", 11, 9, order.Id), (updated.Reason, updated.PreviousStock, updated.Stock, updated.OrderId));
        Assert.Equal(9, Assert.IsType<ProductStockLowData>(Assert.Single(await Events.ExactlyAsync(product.Id, EventTypes.ProductStockLow, 1)).Data).Stock);
        await Events.ExactlyAsync(order.Id, EventTypes.OrderCreated, 1);

        await Fixture.Cluster.DeactivateAsync(Product(product.Id));
        Assert.Equal(9, await StockOf(product.Id));
        await Events.ExactlyAsync(product.Id, EventTypes.ProductUpdated, 1, EventRecorder.Changes);
        await Events.ExactlyAsync(product.Id, EventTypes.ProductStockLow, 1);
    }

    [Fact]
    public async Task Bursts_of_stock_changes_are_published_once_even_when_the_product_deactivates_right_after()
    {
        // Each burst makes a product write its state while its outbox is publishing in the background; a
        // deactivation straight after must still leave no published event behind in storage to be sent again.
        var customers = await Task.WhenAll(RegisterCustomerAsync(), RegisterCustomerAsync());
        var products = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => StockedProductAsync(10)));

        await Task.WhenAll(products.SelectMany(p => Enumerable.Range(0, 5).Select(i => Task.Run(() => PlaceAsync(customers[i % 2], (p.Id, 1))))));
        await Task.WhenAll(products.Select(p => Fixture.Cluster.DeactivateAsync(Product(p.Id))));

        Assert.All(await Task.WhenAll(products.Select(p => StockOf(p.Id))), stock => Assert.Equal(5, stock));
        foreach (var product in products)
        {
            await Events.WaitForAsync(product.Id, EventTypes.ProductUpdated, 5, EventRecorder.Changes);
        }

        await Events.SettleAsync();
        var published = products.Select(p => (Product: p.Id, Count: Events.About(p.Id, EventTypes.ProductUpdated, EventRecorder.Changes).Count)).ToList();
        Assert.All(published, p => Assert.Equal((p.Product, 5), p));
    }

    [Fact]
    public async Task Events_that_could_not_be_published_are_retried_while_the_grain_stays_active_and_arrive_once_in_order()
    {
        var (order, _) = await PendingOrderAsync(stock: 20, quantity: 1);
        using (FaultInjectingEventPublisher.FailFor(order.Id))
        {
            await MoveAsync(order.Id, OrderStatus.Confirmed, "clerk");
            await MoveAsync(order.Id, OrderStatus.Shipped, "warehouse");
            await Eventually.Until("two failed publishes", () => FaultInjectingEventPublisher.FailedAttempts(order.Id), failed => failed >= 2, EventRecorder.Deadline);
            await Events.SettleAsync();
            Assert.Empty(Events.About(order.Id, EventTypes.OrderUpdated));
        }

        // Nothing calls the order now: its retry timer publishes what is pending.
        var updates = await Events.ExactlyAsync(order.Id, EventTypes.OrderUpdated, 2);
        Assert.Equal([OrderStatus.Confirmed, OrderStatus.Shipped], updates.Select(e => Assert.IsType<OrderEventData>(e.Data).Order.Status));
        await Events.ExactlyAsync(order.Id, EventTypes.OrderCreated, 1);
    }
}

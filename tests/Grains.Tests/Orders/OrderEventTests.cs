using EcommerceBackend.Contracts;
using EcommerceBackend.Contracts.Events;
using EcommerceBackend.Contracts.Orders;
using EcommerceBackend.Contracts.Products;
using EcommerceBackend.Grains.Events;
using EcommerceBackend.Grains.Orders;
using EcommerceBackend.Grains.Products;
using EcommerceBackend.Grains.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EcommerceBackend.Grains.Tests.Orders;

/// <summary>Every change emits its events exactly once, as a subscriber outside the cluster sees them.</summary>
public sealed class OrderEventTests(ClusterFixture fixture) : OrderTest(fixture)
{
    /// <summary>The threshold the silos run with (the default: the test cluster does not configure one).</summary>
    private int LowStockThreshold => Fixture.Cluster.GetActiveSilos()
        .Select(s => Fixture.Cluster.GetSiloServiceProvider(s.SiloAddress).GetRequiredService<IOptions<CatalogOptions>>().Value.LowStockThreshold)
        .Distinct()
        .Single();

    [Fact]
    public async Task Placing_an_order_emits_one_order_created_event_carrying_the_order()
    {
        var customerId = await RegisterCustomerAsync();
        var product = await StockedProductAsync(20);

        var order = await PlaceAsync(customerId, (product.Id, 2));

        var created = Assert.Single(await Events.ExactlyAsync(order.Id, EventTypes.OrderCreated, 1));
        var data = Assert.IsType<OrderEventData>(created.Data);
        AssertSameOrder(order, data.Order);
        Assert.Null(data.PreviousStatus);
        Assert.Equal(customerId, data.Actor);
        Assert.Equal(order.CreatedAt, created.Time);
        Assert.Equal(EventTypes.OrderExchange, created.Exchange);
        Assert.Empty(Events.About(order.Id, EventTypes.OrderUpdated));
        Assert.Empty(Events.About(order.Id, EventTypes.OrderCancelled));
    }

    [Fact]
    public async Task Each_status_move_emits_one_order_updated_and_a_repeated_or_refused_change_emits_none()
    {
        var (order, _) = await PendingOrderAsync(stock: 20, quantity: 1);

        await MoveAsync(order.Id, OrderStatus.Confirmed, "clerk");
        await MoveAsync(order.Id, OrderStatus.Confirmed, "clerk");
        Assert.Equal(OrderFailure.IllegalTransition, (await Order(order.Id).ChangeStatusAsync(OrderStatus.Pending, "clerk")).Failure);
        await MoveAsync(order.Id, OrderStatus.Shipped, "warehouse");
        await MoveAsync(order.Id, OrderStatus.Delivered, "carrier");
        Assert.Equal(OrderFailure.IllegalTransition, (await Order(order.Id).CancelAsync("customer")).Failure);

        var updates = await Events.ExactlyAsync(order.Id, EventTypes.OrderUpdated, 3);
        var data = updates.Select(e => Assert.IsType<OrderEventData>(e.Data)).ToList();
        Assert.Equal(
            [(OrderStatus.Pending, OrderStatus.Confirmed, "clerk"), (OrderStatus.Confirmed, OrderStatus.Shipped, "warehouse"), (OrderStatus.Shipped, OrderStatus.Delivered, "carrier")],
            data.Select(d => (d.PreviousStatus!.Value, d.Order.Status, d.Actor)));
        Assert.Equal(data.Select(d => d.Order.UpdatedAt), updates.Select(e => e.Time));
        Assert.Equal(3, updates.Select(e => e.Id).Distinct().Count());
        await Events.ExactlyAsync(order.Id, EventTypes.OrderCreated, 1);
        await Events.ExactlyAsync(order.Id, EventTypes.OrderCancelled, 0);
    }

    [Fact]
    public async Task Cancelling_emits_one_order_cancelled_however_often_it_is_asked()
    {
        var (order, productId) = await PendingOrderAsync(stock: 20, quantity: 3);
        await MoveAsync(order.Id, OrderStatus.Confirmed, "clerk");

        await Order(order.Id).CancelAsync("customer");
        await Order(order.Id).CancelAsync("customer");
        await Order(order.Id).ChangeStatusAsync(OrderStatus.Cancelled, "clerk");

        var cancelled = Assert.Single(await Events.ExactlyAsync(order.Id, EventTypes.OrderCancelled, 1));
        var data = Assert.IsType<OrderEventData>(cancelled.Data);
        Assert.Equal((OrderStatus.Confirmed, OrderStatus.Cancelled, "customer"), (data.PreviousStatus, data.Order.Status, data.Actor));
        await Events.ExactlyAsync(order.Id, EventTypes.OrderUpdated, 1);
        var released = (await Events.ExactlyAsync(productId, EventTypes.ProductUpdated, 2, EventRecorder.Changes)).Select(e => (ProductUpdatedData)e.Data);
        Assert.Equal([("reserved", 17), ("released", 20)], released.Select(d => (d.Reason, d.Stock)));
    }

    [Fact]
    public async Task Cancelling_through_a_status_change_emits_order_cancelled_not_order_updated()
    {
        var (order, _) = await PendingOrderAsync(stock: 20, quantity: 1);

        await MoveAsync(order.Id, OrderStatus.Cancelled, "clerk");

        var data = Assert.IsType<OrderEventData>(Assert.Single(await Events.ExactlyAsync(order.Id, EventTypes.OrderCancelled, 1)).Data);
        Assert.Equal((OrderStatus.Pending, "clerk"), (data.PreviousStatus, data.Actor));
        await Events.ExactlyAsync(order.Id, EventTypes.OrderUpdated, 0);
    }

    [Fact]
    public async Task Its_creation_and_every_stock_change_emit_one_product_updated_with_its_reason_and_nothing_else_does()
    {
        var customerId = await RegisterCustomerAsync();
        var product = await StockedProductAsync(30);

        var first = await PlaceAsync(customerId, (product.Id, 4));
        Assert.NotNull(await Product(product.Id).UpdateAsync(new ProductChanges { Stock = 40 }));
        Assert.NotNull(await Product(product.Id).UpdateAsync(new ProductChanges { Price = 11m }));
        var second = await PlaceAsync(customerId, (product.Id, 5));
        Assert.Equal(OrderFailure.InsufficientStock, (await Order(EntityId.New()).PlaceAsync(Request(customerId, (product.Id, 36)))).Failure);
        await MoveAsync(first.Id, OrderStatus.Confirmed);
        await MoveAsync(first.Id, OrderStatus.Shipped);
        Assert.True((await Order(second.Id).CancelAsync(customerId)).Succeeded);

        var events = await Events.ExactlyAsync(product.Id, EventTypes.ProductUpdated, 6);
        var data = events.Select(e => Assert.IsType<ProductUpdatedData>(e.Data)).ToList();
        Assert.Equal(
            [
                ("created", 30, 30, null),
                ("reserved", 30, 26, first.Id),
                ("updated", 26, 40, null),
                ("updated", 40, 40, null),
                ("reserved", 40, 35, second.Id),
                ("released", 35, 40, second.Id),
            ],
            data.Select(d => (d.Reason, d.PreviousStock, d.Stock, d.OrderId)));
        Assert.Equal(data.Select(d => d.Version).Order(), data.Select(d => d.Version));
        Assert.Equal(6, data.Select(d => d.Version).Distinct().Count());
        Assert.All(data, d => Assert.Equal((product.Id, product.Name, product.Category), (d.ProductId, d.Name, d.Category)));
        Assert.Equal([10m, 10m, 10m, 11m, 11m, 11m], data.Select(d => d.Price));
        Assert.Equal(40, await StockOf(product.Id));
        await Events.ExactlyAsync(product.Id, EventTypes.ProductStockLow, 0);
    }

    [Fact]
    public async Task Stock_low_is_emitted_once_per_fall_below_the_threshold_and_again_only_after_stock_rose_back_to_it()
    {
        var threshold = LowStockThreshold;
        Assert.Equal(10, threshold);
        var customerId = await RegisterCustomerAsync();
        var product = await StockedProductAsync(threshold + 2);

        await PlaceAsync(customerId, (product.Id, 1));                       // 11: above
        var crossing = await PlaceAsync(customerId, (product.Id, 2));        // 9: falls below → first alert
        var dip = await PlaceAsync(customerId, (product.Id, 1));             // 8: still below
        await Order(dip.Id).CancelAsync(customerId);                         // 9: rises, but not to the threshold
        await PlaceAsync(customerId, (product.Id, 1));                       // 8: still below, no new alert
        await Order(crossing.Id).CancelAsync(customerId);                    // 10: back at the threshold
        await PlaceAsync(customerId, (product.Id, 1));                       // 9: falls below again → second alert
        await Product(product.Id).UpdateAsync(new ProductChanges { Stock = 50 });
        await Product(product.Id).UpdateAsync(new ProductChanges { Stock = 3 }); // an admin's change → third alert
        await Product(product.Id).UpdateAsync(new ProductChanges { Stock = 2 });

        var alerts = (await Events.ExactlyAsync(product.Id, EventTypes.ProductStockLow, 3)).Select(e => Assert.IsType<ProductStockLowData>(e.Data)).ToList();
        Assert.Equal([9, 9, 3], alerts.Select(a => a.Stock));
        Assert.All(alerts, a => Assert.Equal((product.Id, product.Name, threshold), (a.ProductId, a.Name, a.Threshold)));
        Assert.Equal(2, await StockOf(product.Id));
        await Events.ExactlyAsync(product.Id, EventTypes.ProductUpdated, 10, EventRecorder.Changes);
    }
}

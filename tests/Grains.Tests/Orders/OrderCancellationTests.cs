using EcommerceBackend.Contracts;
using EcommerceBackend.Contracts.Events;
using EcommerceBackend.Contracts.Orders;
using EcommerceBackend.Grains.Events;
using EcommerceBackend.Grains.Orders;
using EcommerceBackend.Grains.Tests.Infrastructure;
using Orleans.Storage;

namespace EcommerceBackend.Grains.Tests.Orders;

/// <summary>Cancelling returns an order's stock exactly once, and only before it ships.</summary>
public sealed class OrderCancellationTests(ClusterFixture fixture) : OrderTest(fixture)
{
    [Fact]
    public async Task Cancelling_twice_returns_the_stock_once()
    {
        var (order, productId) = await PendingOrderAsync(stock: 10, quantity: 3);
        Assert.Equal(7, await StockOf(productId));

        var first = await Order(order.Id).CancelAsync(order.CustomerId);
        var second = await Order(order.Id).CancelAsync(Admin);

        Assert.True(first.Succeeded);
        Assert.True(second.Succeeded);
        Assert.Equal(OrderStatus.Cancelled, first.Order?.Status);
        AssertSameOrder(first.Order!, second.Order);
        Assert.Equal(10, await StockOf(productId));
        var cancelled = Assert.Single(second.Order!.History, h => h.Status == OrderStatus.Cancelled);
        Assert.Equal(order.CustomerId, cancelled.Actor);
    }

    [Fact]
    public async Task A_cancelled_order_returns_no_more_stock_after_deactivation_or_through_a_status_change()
    {
        var (order, productId) = await PendingOrderAsync(stock: 10, quantity: 4);
        Assert.True((await Order(order.Id).CancelAsync(Admin)).Succeeded);
        await Fixture.Cluster.DeactivateAsync(Order(order.Id));
        await Fixture.Cluster.DeactivateAsync(Product(productId));

        var again = await Order(order.Id).CancelAsync(Admin);
        var byStatus = await Order(order.Id).ChangeStatusAsync(OrderStatus.Cancelled, Admin);

        Assert.True(again.Succeeded);
        Assert.True(byStatus.Succeeded);
        Assert.Equal(OrderStatus.Cancelled, (await Order(order.Id).GetAsync())?.Status);
        Assert.Equal(10, await StockOf(productId));
    }

    [Fact]
    public async Task Cancelling_a_confirmed_order_returns_the_stock_of_every_line()
    {
        var customerId = await RegisterCustomerAsync();
        var (a, b) = (await StockedProductAsync(6), await StockedProductAsync(6));
        var order = await PlaceAsync(customerId, (a.Id, 2), (b.Id, 5));
        await MoveAsync(order.Id, OrderStatus.Confirmed);
        Assert.Equal(new[] { 4, 1 }, await StocksOf(a.Id, b.Id));

        var result = await Order(order.Id).CancelAsync(Admin);

        Assert.True(result.Succeeded);
        Assert.Equal(OrderStatus.Cancelled, result.Order?.Status);
        Assert.Equal(new[] { 6, 6 }, await StocksOf(a.Id, b.Id));
    }

    [Theory]
    [InlineData(OrderStatus.Shipped)]
    [InlineData(OrderStatus.Delivered)]
    public async Task Cancelling_an_order_that_has_shipped_is_refused_and_keeps_the_stock_taken(OrderStatus status)
    {
        var (order, productId) = await PendingOrderAsync(stock: 10, quantity: 3);
        foreach (var step in PathTo(status))
        {
            await MoveAsync(order.Id, step);
        }

        var result = await Order(order.Id).CancelAsync(Admin);

        Assert.Equal(OrderFailure.IllegalTransition, result.Failure);
        Assert.Equal(status, result.Order?.Status);
        Assert.Equal(status, (await Order(order.Id).GetAsync())?.Status);
        Assert.Equal(7, await StockOf(productId));
        await Fixture.Cluster.DeactivateAsync(Order(order.Id));
        Assert.Equal(status, (await Order(order.Id).GetAsync())?.Status);
        Assert.Equal(7, await StockOf(productId));
    }

    [Fact]
    public async Task A_cancel_retried_after_the_stock_return_failed_returns_the_stock()
    {
        var (order, productId) = await PendingOrderAsync(stock: 10, quantity: 3);
        // Make the product's next write fail, as a storage conflict would: the stock return of the cancel
        // fails after the order has stored its cancelled status.
        var productKey = Assert.Single(await Fixture.StateKeysAsync($"*{productId}*"));
        await Fixture.Redis.HashSetAsync(productKey, "etag", "conflicting-writer");

        await Assert.ThrowsAsync<StoreUnavailableException>(() => Order(order.Id).CancelAsync(Admin));
        Assert.Equal(OrderStatus.Cancelled, (await Order(order.Id).GetAsync())?.Status);
        Assert.Equal(7, await StockOf(productId));

        // The caller retries, as it would after an error response.
        var retry = await Order(order.Id).CancelAsync(Admin);

        Assert.True(retry.Succeeded);
        Assert.Equal(10, await StockOf(productId));
        var again = await Order(order.Id).CancelAsync(Admin);
        Assert.True(again.Succeeded);
        Assert.Equal(10, await StockOf(productId));
        await Events.ExactlyAsync(order.Id, EventTypes.OrderCancelled, 1);
        // The failed write is a crash as far as the product's outbox goes: an event it had published but not yet
        // recorded as such may come again, under its id. Consumers drop repeated ids; what counts is one of each.
        await Events.WaitForAsync(productId, EventTypes.ProductUpdated, 2, EventRecorder.Changes);
        await Events.SettleAsync();
        var stockEvents = Events.About(productId, EventTypes.ProductUpdated, EventRecorder.Changes).DistinctBy(r => r.Event.Id).Select(r => (ProductUpdatedData)r.Event.Data);
        Assert.Equal([("reserved", 7), ("released", 10)], stockEvents.Select(d => (d.Reason, d.Stock)));
    }
}

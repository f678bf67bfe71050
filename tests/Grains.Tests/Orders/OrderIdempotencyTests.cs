using EcommerceBackend.Contracts;
using EcommerceBackend.Contracts.Events;
using EcommerceBackend.Contracts.Orders;
using EcommerceBackend.Grains.Events;
using EcommerceBackend.Grains.Orders;
using EcommerceBackend.Grains.Tests.Infrastructure;

namespace EcommerceBackend.Grains.Tests.Orders;

/// <summary>An idempotency key maps to an order id: retries under it get the one order, a different request under it is refused.</summary>
public sealed class OrderIdempotencyTests(ClusterFixture fixture) : OrderTest(fixture)
{
    [Fact]
    public async Task Twenty_simultaneous_placements_under_one_order_id_make_one_order_and_take_the_stock_once()
    {
        var customerId = await RegisterCustomerAsync();
        var product = await StockedProductAsync(10);
        var orderId = EntityId.New();
        var request = Request(customerId, (product.Id, 2));

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => Order(orderId).PlaceAsync(request))));

        Assert.All(results, r => Assert.True(r.Succeeded, $"a placement failed: {r.Failure}"));
        Assert.Single(results, r => r.Created);
        var order = results.Single(r => r.Created).Order!;
        Assert.All(results, r => AssertSameOrder(order, r.Order));
        Assert.Equal(8, await StockOf(product.Id));
        var listed = await CustomerOrders(customerId).ListAsync(new PageRequest { Page = 1, Limit = 10 });
        Assert.Equal([orderId], listed.Items);
        Assert.Equal(1, listed.Total);
        await Events.ExactlyAsync(orderId, EventTypes.OrderCreated, 1);
        var stockEvent = Assert.Single(await Events.ExactlyAsync(product.Id, EventTypes.ProductUpdated, 1, EventRecorder.Changes));
        Assert.Equal(orderId, ((ProductUpdatedData)stockEvent.Data).OrderId);
    }

    [Fact]
    public async Task The_same_order_id_with_a_different_request_is_refused_as_a_reused_key_and_changes_nothing()
    {
        var customerId = await RegisterCustomerAsync();
        var (a, b) = (await StockedProductAsync(10), await StockedProductAsync(10));
        var orderId = EntityId.New();
        var placed = await Order(orderId).PlaceAsync(Request(customerId, (a.Id, 2)));
        Assert.True(placed.Created);

        var reused = await Order(orderId).PlaceAsync(Request(customerId, (b.Id, 5)));
        var sameLinesOtherHash = await Order(orderId).PlaceAsync(Request(customerId, (a.Id, 2)) with { RequestHash = "another body" });

        Assert.Equal(OrderFailure.IdempotencyKeyReused, reused.Failure);
        Assert.Equal(OrderFailure.IdempotencyKeyReused, sameLinesOtherHash.Failure);
        Assert.Null(reused.Order);
        Assert.False(reused.Created);
        Assert.Equal(new[] { 8, 10 }, await StocksOf(a.Id, b.Id));
        AssertSameOrder(placed.Order!, await Order(orderId).GetAsync());
        await Events.ExactlyAsync(orderId, EventTypes.OrderCreated, 1);
    }

    [Fact]
    public async Task A_retry_after_the_order_grain_was_deactivated_returns_the_stored_order_without_taking_stock_again()
    {
        var customerId = await RegisterCustomerAsync();
        var product = await StockedProductAsync(10);
        var orderId = EntityId.New();
        var request = Request(customerId, (product.Id, 4));
        var first = await Order(orderId).PlaceAsync(request);
        Assert.True(first.Created);
        await Fixture.Cluster.DeactivateAsync(Order(orderId));
        await Fixture.Cluster.DeactivateAsync(Product(product.Id));

        var retry = await Order(orderId).PlaceAsync(request);

        Assert.True(retry.Succeeded);
        Assert.False(retry.Created);
        AssertSameOrder(first.Order!, retry.Order);
        Assert.Equal(6, await StockOf(product.Id));
        Assert.Equal(1, (await CustomerOrders(customerId).ListAsync(new PageRequest { Page = 1, Limit = 10 })).Total);
        await Events.ExactlyAsync(orderId, EventTypes.OrderCreated, 1);
    }

    [Fact]
    public async Task A_retry_after_the_order_moved_on_returns_the_order_as_it_stands()
    {
        var customerId = await RegisterCustomerAsync();
        var product = await StockedProductAsync(10);
        var orderId = EntityId.New();
        var request = Request(customerId, (product.Id, 1));
        Assert.True((await Order(orderId).PlaceAsync(request)).Created);
        var confirmed = await MoveAsync(orderId, OrderStatus.Confirmed);

        var retry = await Order(orderId).PlaceAsync(request);

        Assert.True(retry.Succeeded);
        Assert.False(retry.Created);
        AssertSameOrder(confirmed, retry.Order);
        Assert.Equal(9, await StockOf(product.Id));
    }
}

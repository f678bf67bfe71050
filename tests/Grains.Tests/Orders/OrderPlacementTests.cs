using EcommerceBackend.Contracts;
using EcommerceBackend.Contracts.Events;
using EcommerceBackend.Contracts.Orders;
using EcommerceBackend.Contracts.Products;
using EcommerceBackend.Grains.Events;
using EcommerceBackend.Grains.Orders;
using EcommerceBackend.Grains.Products;
using EcommerceBackend.Grains.Tests.Infrastructure;

namespace EcommerceBackend.Grains.Tests.Orders;

/// <summary>Placement takes stock in the product grains all or none, and never more than there is.</summary>
public sealed class OrderPlacementTests(ClusterFixture fixture) : OrderTest(fixture)
{
    [Fact]
    public async Task Two_hundred_concurrent_one_unit_orders_against_fifty_in_stock_sell_exactly_fifty()
    {
        var product = await StockedProductAsync(stock: 50, price: 4.25m);
        var customers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => RegisterCustomerAsync()));
        var attempts = Enumerable.Range(0, 200).Select(i => (OrderId: EntityId.New(), CustomerId: customers[i % customers.Length])).ToList();

        var results = await Task.WhenAll(attempts.Select(a => Task.Run(() =>
            Order(a.OrderId).PlaceAsync(Request(a.CustomerId, (product.Id, 1))))));

        var outcomes = attempts.Zip(results, (a, r) => (a.OrderId, a.CustomerId, Result: r)).ToList();
        var sold = outcomes.Where(o => o.Result.Succeeded).ToList();
        var refused = outcomes.Where(o => !o.Result.Succeeded).ToList();
        Assert.Equal(50, sold.Count);
        Assert.Equal(150, refused.Count);
        Assert.All(sold, o =>
        {
            Assert.True(o.Result.Created);
            Assert.Equal(OrderStatus.Pending, o.Result.Order?.Status);
            Assert.Equal(4.25m, o.Result.Order?.Total);
        });
        Assert.All(refused, o =>
        {
            Assert.Equal(OrderFailure.InsufficientStock, o.Result.Failure);
            Assert.Equal(product.Id, o.Result.ProductId);
            Assert.Equal(0, o.Result.Available);
            Assert.Equal(1, o.Result.Requested);
            Assert.Null(o.Result.Order);
        });

        Assert.Equal(0, await StockOf(product.Id));
        await Fixture.Cluster.DeactivateAsync(Product(product.Id));
        Assert.Equal(0, await StockOf(product.Id));
        Assert.Null(await Order(refused[0].OrderId).GetAsync());
        Assert.Equal(OrderStatus.Pending, (await Order(sold[0].OrderId).GetAsync())?.Status);

        // Each customer lists exactly its own sold orders.
        foreach (var customerId in customers)
        {
            var listed = await CustomerOrders(customerId).ListAsync(new PageRequest { Page = 1, Limit = 200 });
            var expected = sold.Where(o => o.CustomerId == customerId).Select(o => o.OrderId).Order(StringComparer.Ordinal);
            Assert.Equal(expected, listed.Items.Order(StringComparer.Ordinal));
            Assert.Equal(listed.Items.Count, listed.Total);
        }

        // One stock event per unit sold, stepping down from 49 to 0 and never below; one low-stock alert.
        var stockEvents = (await Events.ExactlyAsync(product.Id, EventTypes.ProductUpdated, 50, EventRecorder.Changes)).Select(e => (ProductUpdatedData)e.Data).ToList();
        Assert.Equal(Enumerable.Range(0, 50), stockEvents.Select(d => d.Stock).Order());
        Assert.All(stockEvents, d =>
        {
            Assert.Equal(d.Stock + 1, d.PreviousStock);
            Assert.Equal("reserved", d.Reason);
        });
        Assert.Equal(sold.Select(o => o.OrderId).Order(StringComparer.Ordinal), stockEvents.Select(d => d.OrderId!).Order(StringComparer.Ordinal));
        var low = Assert.Single(await Events.ExactlyAsync(product.Id, EventTypes.ProductStockLow, 1));
        Assert.Equal(9, ((ProductStockLowData)low.Data).Stock);
        foreach (var (orderId, _, _) in sold)
        {
            await Events.WaitForAsync(orderId, EventTypes.OrderCreated, 1);
        }

        await Events.SettleAsync();
        Assert.All(sold, o => Assert.Single(Events.About(o.OrderId, EventTypes.OrderCreated)));

        Assert.All(refused, o => Assert.Empty(Events.About(o.OrderId)));
    }

    [Fact]
    public async Task An_order_with_one_line_short_of_stock_takes_nothing_from_any_product_and_names_the_short_one()
    {
        var customerId = await RegisterCustomerAsync();
        var (a, b, c) = (await StockedProductAsync(5), await StockedProductAsync(2), await StockedProductAsync(5));
        var orderId = EntityId.New();

        var result = await Order(orderId).PlaceAsync(Request(customerId, (a.Id, 2), (b.Id, 3), (c.Id, 1)));

        Assert.False(result.Succeeded);
        Assert.Equal(OrderFailure.InsufficientStock, result.Failure);
        Assert.Equal(b.Id, result.ProductId);
        Assert.Equal(2, result.Available);
        Assert.Equal(3, result.Requested);
        Assert.Null(result.Order);
        Assert.Equal(new[] { 5, 2, 5 }, await StocksOf(a.Id, b.Id, c.Id));
        Assert.Null(await Order(orderId).GetAsync());
        Assert.Equal(0, (await CustomerOrders(customerId).ListAsync(new PageRequest { Page = 1, Limit = 10 })).Total);
        await Events.SettleAsync();
        Assert.Empty(Events.About(orderId));
    }

    [Fact]
    public async Task A_refused_order_can_be_placed_under_the_same_id_once_stock_arrives_and_takes_each_line_once()
    {
        var customerId = await RegisterCustomerAsync();
        var (a, b) = (await StockedProductAsync(5), await StockedProductAsync(2));
        var orderId = EntityId.New();
        var request = Request(customerId, (a.Id, 2), (b.Id, 3));
        Assert.Equal(OrderFailure.InsufficientStock, (await Order(orderId).PlaceAsync(request)).Failure);

        Assert.NotNull(await Product(b.Id).UpdateAsync(new ProductChanges { Stock = 3 }));
        var result = await Order(orderId).PlaceAsync(request);

        Assert.True(result.Succeeded);
        Assert.True(result.Created);
        Assert.Equal(new[] { 3, 0 }, await StocksOf(a.Id, b.Id));
    }

    [Fact]
    public async Task An_order_with_an_unknown_product_takes_nothing_and_names_that_product()
    {
        var customerId = await RegisterCustomerAsync();
        var known = await StockedProductAsync(5);
        var unknownId = EntityId.New();
        var orderId = EntityId.New();

        var result = await Order(orderId).PlaceAsync(Request(customerId, (known.Id, 2), (unknownId, 1)));

        Assert.Equal(OrderFailure.UnknownProduct, result.Failure);
        Assert.Equal(unknownId, result.ProductId);
        Assert.Null(result.Available);
        Assert.Null(result.Requested);
        Assert.Equal(5, await StockOf(known.Id));
        Assert.Null(await Order(orderId).GetAsync());
        Assert.Null(await Product(unknownId).GetAsync());
    }

    [Fact]
    public async Task An_order_with_a_deleted_product_takes_nothing_and_names_that_product()
    {
        var customerId = await RegisterCustomerAsync();
        var (kept, deleted) = (await StockedProductAsync(5), await StockedProductAsync(5));
        Assert.True(await Product(deleted.Id).DeleteAsync());
        var orderId = EntityId.New();

        var result = await Order(orderId).PlaceAsync(Request(customerId, (deleted.Id, 1), (kept.Id, 4)));

        Assert.Equal(OrderFailure.UnknownProduct, result.Failure);
        Assert.Equal(deleted.Id, result.ProductId);
        Assert.Equal(5, await StockOf(kept.Id));
        Assert.Null(await Order(orderId).GetAsync());
    }

    [Fact]
    public async Task An_order_for_an_unknown_customer_is_refused_and_takes_no_stock()
    {
        var product = await StockedProductAsync(5);
        var orderId = EntityId.New();

        var result = await Order(orderId).PlaceAsync(Request(EntityId.New(), (product.Id, 1)));

        Assert.Equal(OrderFailure.UnknownCustomer, result.Failure);
        Assert.Null(result.Order);
        Assert.Equal(5, await StockOf(product.Id));
        Assert.Null(await Order(orderId).GetAsync());
    }

    [Fact]
    public async Task A_placed_order_is_priced_from_the_products_and_stored()
    {
        var customerId = await RegisterCustomerAsync();
        var (a, b) = (await StockedProductAsync(5, price: 2.50m), await StockedProductAsync(5, price: 0.10m));
        var before = DateTimeOffset.UtcNow;

        var order = await PlaceAsync(customerId, (a.Id, 2), (b.Id, 3));

        Assert.True(EntityId.IsWellFormed(order.Id));
        Assert.Equal(customerId, order.CustomerId);
        Assert.Equal(OrderStatus.Pending, order.Status);
        Assert.Equal(Address, order.ShippingAddress);
        Assert.Equal([(a.Id, a.Name, 2.50m, 2), (b.Id, b.Name, 0.10m, 3)], order.Items.Select(l => (l.ProductId, l.Name, l.UnitPrice, l.Quantity)));
        Assert.Equal(5.30m, order.Total);
        Assert.InRange(order.CreatedAt, before, DateTimeOffset.UtcNow);
        Assert.Equal(order.CreatedAt, order.UpdatedAt);
        var entry = Assert.Single(order.History);
        Assert.Equal((OrderStatus.Pending, order.CreatedAt, customerId), (entry.Status, entry.At, entry.Actor));
        Assert.Equal(new[] { 3, 2 }, await StocksOf(a.Id, b.Id));
        await Fixture.Cluster.DeactivateAsync(Order(order.Id));
        AssertSameOrder(order, await Order(order.Id).GetAsync());
    }
}

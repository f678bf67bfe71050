using EcommerceBackend.Contracts;
using EcommerceBackend.Contracts.Customers;
using EcommerceBackend.Contracts.Events;
using EcommerceBackend.Contracts.Notifications;
using EcommerceBackend.Contracts.Orders;
using EcommerceBackend.Contracts.Products;
using EcommerceBackend.Grains.Customers;
using EcommerceBackend.Grains.Events;
using EcommerceBackend.Grains.Notifications;
using EcommerceBackend.Grains.Orders;
using EcommerceBackend.Grains.Products;
using EcommerceBackend.Grains.Tests.Infrastructure;
using EcommerceBackend.Grains.Tests.Notifications;
using Orleans.Streaming.RabbitMQ.Tests.Infrastructure;

namespace EcommerceBackend.Grains.Tests;

/// <summary>
/// A grain never serves a change it did not store. With the store refusing one grain's writes, each state-changing
/// method fails with a retryable <see cref="StoreUnavailableException"/>, the grain serves what the store holds (the
/// same as a fresh activation reads), and the same call succeeds once the store takes writes again.
/// </summary>
public sealed class StorageFailureTests(ClusterFixture fixture) : NotificationTest(fixture)
{
    [Fact]
    public async Task A_product_update_the_store_refused_is_neither_served_nor_priced_into_a_following_order()
    {
        var customerId = await RegisterCustomerAsync();
        var product = await StockedProductAsync(20, price: 10m);
        var changes = new ProductChanges { Price = 1m, Stock = 5 };

        await RefusedThenRetriedAsync(product.Id, () => Product(product.Id).UpdateAsync(changes), () => Product(product.Id).GetAsync());

        var served = await Product(product.Id).GetAsync();
        Assert.Equal((10m, 20, product.Version), (served!.Price, served.Stock, served.Version));
        var order = await PlaceAsync(customerId, (product.Id, 1));
        Assert.Equal(10m, Assert.Single(order.Items).UnitPrice);

        var updated = await Product(product.Id).UpdateAsync(changes);
        Assert.Equal((1m, 5), (updated!.Price, updated.Stock));
    }

    [Fact]
    public async Task A_write_that_landed_although_it_was_reported_failed_is_served_as_stored_after_the_grain_reloads()
    {
        var product = await StockedProductAsync(20, price: 10m);
        using (FaultInjectingGrainStorage.FailFor(product.Id, landing: true))
        {
            await Assert.ThrowsAsync<StoreUnavailableException>(() => Product(product.Id).UpdateAsync(new ProductChanges { Price = 3m }));
        }

        // The activation that did not know retired; the next one serves what the store holds.
        Assert.Equal(3m, (await Product(product.Id).GetAsync())!.Price);
        Assert.Equal(4m, (await Product(product.Id).UpdateAsync(new ProductChanges { Price = 4m }))!.Price);
    }

    [Fact]
    public async Task A_product_creation_or_deletion_the_store_refused_does_not_happen_until_retried()
    {
        var id = EntityId.New();
        var fields = TestData.NewProduct("storage-failures", stock: 3);
        await RefusedThenRetriedAsync(id, () => Product(id).CreateAsync(fields), () => Product(id).GetAsync());
        Assert.Null(await Product(id).GetAsync());
        Assert.NotNull(await Product(id).CreateAsync(fields));

        await RefusedThenRetriedAsync(id, () => Product(id).DeleteAsync(), () => Product(id).GetAsync());
        Assert.NotNull(await Product(id).GetAsync());
        Assert.True(await Product(id).DeleteAsync());
        Assert.Null(await Product(id).GetAsync());
    }

    [Fact]
    public async Task Stock_reservations_releases_and_commits_the_store_refused_leave_the_stock_as_stored()
    {
        var product = await StockedProductAsync(10);
        var stock = Grains.GetGrain<IProductStockGrain>(product.Id);
        var orderId = EntityId.New();

        await RefusedThenRetriedAsync(product.Id, () => stock.ReserveAsync(orderId, 4), () => StockOf(product.Id));
        Assert.Equal(10, await StockOf(product.Id));
        Assert.True((await stock.ReserveAsync(orderId, 4)).Reserved);
        Assert.Equal(6, await StockOf(product.Id));

        await RefusedThenRetriedAsync(product.Id, () => stock.ReleaseAsync(orderId), () => StockOf(product.Id));
        Assert.Equal(6, await StockOf(product.Id));

        // A refused commit keeps the reservation: the units can still come back.
        await RefusedThenRetriedAsync(product.Id, () => stock.CommitAsync(orderId), () => StockOf(product.Id));
        await stock.ReleaseAsync(orderId);
        Assert.Equal(10, await StockOf(product.Id));
    }

    [Fact]
    public async Task An_order_the_store_refused_is_not_replayed_to_a_retry_but_placed_by_it_with_its_stock_taken_once()
    {
        var customerId = await RegisterCustomerAsync();
        var product = await StockedProductAsync(10);
        var orderId = EntityId.New();
        var request = Request(customerId, (product.Id, 3));

        await RefusedThenRetriedAsync(orderId, () => Order(orderId).PlaceAsync(request), () => Order(orderId).GetAsync());
        Assert.Null(await Order(orderId).GetAsync());

        // The retry under the same key places the order (not "already placed"), reusing the reservation it made.
        var retry = await Order(orderId).PlaceAsync(request);
        Assert.True(retry.Created);
        Assert.Equal(7, await StockOf(product.Id));
        Assert.Equal([orderId], (await CustomerOrders(customerId).ListAsync(new PageRequest { Page = 1, Limit = 10 })).Items);
        await Events.ExactlyAsync(orderId, EventTypes.OrderCreated, 1);
    }

    [Fact]
    public async Task A_status_move_or_cancellation_the_store_refused_leaves_the_order_as_stored()
    {
        var (order, productId) = await PendingOrderAsync(stock: 10, quantity: 2);

        await RefusedThenRetriedAsync(order.Id, () => Order(order.Id).ChangeStatusAsync(OrderStatus.Confirmed, Admin), () => Order(order.Id).GetAsync());
        Assert.Equal(OrderStatus.Pending, (await Order(order.Id).GetAsync())!.Status);
        Assert.Equal(OrderStatus.Confirmed, (await Order(order.Id).ChangeStatusAsync(OrderStatus.Confirmed, Admin)).Order!.Status);

        await RefusedThenRetriedAsync(order.Id, () => Order(order.Id).CancelAsync(Admin), () => Order(order.Id).GetAsync());
        Assert.Equal(OrderStatus.Confirmed, (await Order(order.Id).GetAsync())!.Status);
        Assert.Equal(8, await StockOf(productId));
        Assert.Equal(OrderStatus.Cancelled, (await Order(order.Id).CancelAsync(Admin)).Order!.Status);
        Assert.Equal(10, await StockOf(productId));
        await Events.ExactlyAsync(order.Id, EventTypes.OrderCancelled, 1);
    }

    [Fact]
    public async Task A_registration_the_store_refused_creates_no_account_and_claims_no_address()
    {
        var email = TestData.NewEmail("refused");
        var customer = TestData.NewCustomer(email);
        await RefusedThenRetriedAsync(EmailAddress.Normalize(email), () => Email(email).RegisterAsync(customer), () => Email(email).AuthenticateAsync(customer.Password));
        Assert.Null(await Email(email).AuthenticateAsync(customer.Password));

        var id = EntityId.New();
        var account = Grains.GetGrain<ICustomerGrain>(id);
        await RefusedThenRetriedAsync(id, () => account.CreateAsync(customer), () => account.GetProfileAsync());
        Assert.Null(await account.GetProfileAsync());
        Assert.NotNull(await account.CreateAsync(customer));
        await Events.ExactlyAsync(id, EventTypes.CustomerRegistered, 1);
    }

    [Fact]
    public async Task An_entry_of_a_customers_order_list_the_store_refused_is_listed_once_after_the_retry()
    {
        var customerId = EntityId.New();
        var orderId = EntityId.New();
        var page = new PageRequest { Page = 1, Limit = 10 };

        await RefusedThenRetriedAsync(customerId, () => CustomerOrders(customerId).AddAsync(orderId, DateTimeOffset.UtcNow), () => CustomerOrders(customerId).ListAsync(page));
        Assert.Empty((await CustomerOrders(customerId).ListAsync(page)).Items);

        await CustomerOrders(customerId).AddAsync(orderId, DateTimeOffset.UtcNow);
        Assert.Equal([orderId], (await CustomerOrders(customerId).ListAsync(page)).Items);
    }

    [Fact]
    public async Task A_notification_the_store_refused_is_neither_listed_nor_remembered_and_the_redelivered_event_adds_it_once()
    {
        var customerId = EntityId.New();
        var note = Note(DateTimeOffset.UtcNow);

        await RefusedThenRetriedAsync(customerId, () => Inbox(customerId).AddAsync(note), () => AllAsync(customerId));
        Assert.Empty(await AllAsync(customerId));

        // The stream delivers the event again: it is not taken for one already handled.
        Assert.NotNull(await Inbox(customerId).AddAsync(note));
        Assert.Null(await Inbox(customerId).AddAsync(note));
        await Fixture.Cluster.DeactivateAsync(Inbox(customerId));
        Assert.Null(await Inbox(customerId).AddAsync(note));
        var kept = Assert.Single(await AllAsync(customerId));
        Assert.Equal(note.EventId, kept.EventId);
        await Events.ExactlyAsync(kept.Id, EventTypes.AlertSent, 1);
    }

    [Fact]
    public async Task Read_marks_the_store_refused_leave_notifications_unread()
    {
        var customerId = EntityId.New();
        var added = await Inbox(customerId).AddAsync(Note(DateTimeOffset.UtcNow));

        await RefusedThenRetriedAsync(customerId, () => Inbox(customerId).MarkReadAsync(added!.Id), () => Inbox(customerId).GetUnreadCountAsync());
        Assert.Equal(1, await Inbox(customerId).GetUnreadCountAsync());
        await RefusedThenRetriedAsync(customerId, () => Inbox(customerId).MarkAllReadAsync(), () => Inbox(customerId).GetUnreadCountAsync());
        Assert.Equal(1, await Inbox(customerId).GetUnreadCountAsync());

        Assert.Equal(1, await Inbox(customerId).MarkAllReadAsync());
        Assert.Equal(0, await Inbox(customerId).GetUnreadCountAsync());
    }

    [Fact]
    public async Task A_catalog_change_the_index_could_not_store_reaches_the_lists_once_the_store_takes_it()
    {
        var category = $"refused-{TestData.Token()}";
        ProductDetails product;
        using (FaultInjectingGrainStorage.FailFor(CatalogIndex.Key))
        {
            // The product itself is stored; only the index lags, and the product keeps telling it.
            product = await CreateProductAsync(TestData.NewProduct(category));
            Assert.Empty((await Index.QueryAsync(TestData.Query(category))).Items);
        }

        await Eventually.Until(
            "the product to reach the catalog index",
            async () => (await Index.QueryAsync(TestData.Query(category))).Items.Select(p => p.Id).ToList(),
            ids => ids.Contains(product.Id),
            EventRecorder.Deadline);
    }

    /// <summary>
    /// Makes the grain keyed <paramref name="grainKey"/> unable to write, runs <paramref name="change"/>, and checks that it
    /// failed with a retryable error, and that what the grain serves right after is what a fresh activation reads from the store.
    /// </summary>
    private async Task RefusedThenRetriedAsync<T>(string grainKey, Func<Task> change, Func<Task<T>> read)
    {
        var before = await read();
        using (var outage = FaultInjectingGrainStorage.FailFor(grainKey))
        {
            await Assert.ThrowsAsync<StoreUnavailableException>(change);
            Assert.True(outage.Writes > 0, $"the change did not try to write {grainKey}");
            Assert.Equivalent(before, await read(), strict: true);
        }

        Assert.Equivalent(before, await read(), strict: true);
    }
}

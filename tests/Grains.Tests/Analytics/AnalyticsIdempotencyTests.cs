using EcommerceBackend.Contracts;
using EcommerceBackend.Contracts.Analytics;
using EcommerceBackend.Contracts.Events;
using EcommerceBackend.Contracts.Orders;
using EcommerceBackend.Grains.Analytics;
using EcommerceBackend.Grains.Events;
using EcommerceBackend.Grains.Orders;
using EcommerceBackend.Grains.Tests.Infrastructure;

namespace EcommerceBackend.Grains.Tests.Analytics;

/// <summary>Redelivered and reordered events give the same figures as one delivery in order.</summary>
public sealed class AnalyticsIdempotencyTests(ClusterFixture fixture) : AnalyticsTest(fixture)
{
    [Fact]
    public async Task A_redelivered_order_event_counts_once_through_the_stream_the_consumer_and_the_shard()
    {
        var hour = UnusedHour();
        var productId = EntityId.New();
        var placed = MadeUpOrder(hour.AddMinutes(5), [Line(productId, 3, 2.50m)]);
        var created = EventOf(placed);
        var stream = Fixture.Cluster.Client.GetStreamProvider(StreamProviders.Events)
            .GetStream<DomainEvent>(StreamDomainEventPublisher.StreamOf(EventTypes.OrderCreated));

        await stream.OnNextAsync(created);
        await stream.OnNextAsync(created);
        // One stream is delivered in order: once an order sent after the two copies is counted, both copies were handled.
        var markerProduct = EntityId.New();
        await stream.OnNextAsync(EventOf(MadeUpOrder(UnusedHour(), [Line(markerProduct, 1, 1m)])));
        await EventuallyAsync(() => SalesOfAsync(markerProduct), s => s is not null, "the order sent after the copies");
        await DeliverAsync(created);
        await DeliverAsync(created with { Id = EntityId.New() });
        Assert.False(await OrderEntity(placed.Id).ApplyOrderAsync(placed));

        var sales = await EventuallyAsync(() => SalesOfAsync(productId), s => s is not null, "the product's sales");
        Assert.Equal((3, 7.50m), (sales!.Units, sales.Revenue));
        Assert.Equal((1, 7.50m, 0), Figures(await HourAsync(hour)));
    }

    [Fact]
    public async Task An_update_or_cancellation_that_overtakes_the_creation_gives_the_same_figures_as_the_events_in_order()
    {
        var hour = UnusedHour();
        var (kept, dropped) = (EntityId.New(), EntityId.New());
        var confirmed = Moved(MadeUpOrder(hour.AddMinutes(1), [Line(kept, 2, 10m)]), OrderStatus.Confirmed);
        var cancelled = Moved(MadeUpOrder(hour.AddMinutes(2), [Line(dropped, 1, 99m)]), OrderStatus.Cancelled);
        var before = await SettledSummaryAsync();

        // The later state first, then the creation (and a repeat of the later state): the creation is old news.
        foreach (var order in new[] { confirmed, cancelled })
        {
            await DeliverAsync(EventOf(order));
            await DeliverAsync(EventOf(order with { Status = OrderStatus.Pending, History = [order.History[0]] }));
            await DeliverAsync(EventOf(order));
        }

        var bucket = await EventuallyAsync(() => HourAsync(hour), b => b.Orders == 2, "both orders in their hour");
        Assert.Equal((2, 20m, 1), Figures(bucket));
        Assert.Equal(20m, (await SalesOfAsync(kept))?.Revenue);
        Assert.Null(await SalesOfAsync(dropped));
        var after = await EventuallyAsync(Analytics.GetSummaryAsync, s => s.TotalOrders >= before.TotalOrders + 2, "both orders in the summary");
        Assert.Equal(before.TotalOrders + 2, after.TotalOrders);
        Assert.Equal(before.CancelledOrders + 1, after.CancelledOrders);
        Assert.Equal(before.Revenue + 20m, after.Revenue);
        Assert.Equal(before.OrdersByStatus[OrderStatus.Pending], after.OrdersByStatus[OrderStatus.Pending]);
        Assert.Equal(before.OrdersByStatus[OrderStatus.Confirmed] + 1, after.OrdersByStatus[OrderStatus.Confirmed]);
        Assert.Equal(before.OrdersByStatus[OrderStatus.Cancelled] + 1, after.OrdersByStatus[OrderStatus.Cancelled]);
    }

    [Fact]
    public async Task Each_move_takes_the_orders_old_status_out_and_a_closed_order_ignores_anything_later()
    {
        var hour = UnusedHour();
        var productId = EntityId.New();
        var order = MadeUpOrder(hour, [Line(productId, 1, 5m)]);
        var entity = OrderEntity(order.Id);
        var states = new List<OrderDetails> { order };
        foreach (var status in new[] { OrderStatus.Confirmed, OrderStatus.Shipped, OrderStatus.Delivered })
        {
            states.Add(Moved(states[^1], status));
        }

        foreach (var state in states)
        {
            Assert.True(await entity.ApplyOrderAsync(state));
        }

        // Delivered is final: every earlier state, delivered again, changes nothing.
        foreach (var state in states)
        {
            Assert.False(await entity.ApplyOrderAsync(state));
        }

        var sales = await EventuallyAsync(() => SalesOfAsync(productId), s => s is not null, "the product's sales");
        Assert.Equal((1, 5m), (sales!.Units, sales.Revenue));
        Assert.Equal((1, 5m, 0), Figures(await HourAsync(hour)));
    }

    [Fact]
    public async Task A_change_handed_over_again_after_the_entity_lost_its_write_counts_once_and_the_next_change_takes_out_what_was_counted()
    {
        var hour = UnusedHour();
        var productId = EntityId.New();
        var placed = MadeUpOrder(hour, [Line(productId, 4, 2.50m)]);
        var key = AnalyticsEntityKeys.Order(placed.Id);
        var shard = ShardOf(key);
        var created = new AnalyticsChange { Key = key, OldVersion = 0, Version = 1, New = AnalyticsOrderRecord.Of(placed) };

        // As an entity whose own write failed after the shard stored the change: the redelivery hands it over again.
        Assert.True(await shard.ApplyChangeAsync(created));
        Assert.False(await shard.ApplyChangeAsync(created));
        var sales = await EventuallyAsync(() => SalesOfAsync(productId), s => s is not null, "the product's sales");
        Assert.Equal((4, 10m), (sales!.Units, sales.Revenue));

        // The entity still believes it counted nothing; the shard takes out the state it did count, not nothing.
        var cancelled = Moved(placed, OrderStatus.Cancelled);
        Assert.True(await shard.ApplyChangeAsync(new AnalyticsChange { Key = key, OldVersion = 0, Version = 2, New = AnalyticsOrderRecord.Of(cancelled) }));
        await EventuallyAsync(() => SalesOfAsync(productId), s => s is null, "the cancelled order's sales to be taken back");
        Assert.Equal((1, 0m, 1), Figures(await HourAsync(hour)));
    }

    [Fact]
    public async Task An_older_product_version_never_replaces_a_newer_one_and_a_deletion_is_final()
    {
        var productId = EntityId.New();
        var shard = ShardOf(productId);
        var name = $"Low {TestData.Token()}";

        Assert.True(await shard.ApplyProductAsync(Stock(productId, name, version: 5, stock: 2)));
        Assert.False(await shard.ApplyProductAsync(Stock(productId, name, version: 4, stock: 50)));
        Assert.False(await shard.ApplyProductAsync(Stock(productId, name, version: 5, stock: 50)));
        var low = await EventuallyAsync(LowStockAsync, l => l.Any(p => p.ProductId == productId), "the product in the low-stock list");
        Assert.Equal((name, 2), low.Where(p => p.ProductId == productId).Select(p => (p.Name, p.Stock)).Single());

        Assert.True(await shard.ApplyProductAsync(Stock(productId, name, version: 6, stock: 2) with { Reason = ProductUpdatedData.DeletedReason }));
        // Stock returned to the deleted product by a cancelled order comes later, with a higher version.
        Assert.False(await shard.ApplyProductAsync(Stock(productId, name, version: 7, stock: 3)));
        await EventuallyAsync(LowStockAsync, l => l.All(p => p.ProductId != productId), "the deleted product to leave the low-stock list");
    }

    [Fact]
    public async Task A_registration_counts_once_per_customer_however_often_it_is_delivered()
    {
        var customerId = EntityId.New();
        var registered = new DomainEvent
        {
            Id = EntityId.New(),
            Type = EventTypes.CustomerRegistered,
            Source = "grains-tests/analytics",
            Time = DateTimeOffset.UtcNow,
            Subject = customerId,
            Data = new CustomerRegisteredData { CustomerId = customerId, RegisteredAt = DateTimeOffset.UtcNow },
        };
        var before = await SettledSummaryAsync();

        await DeliverAsync(registered);
        await DeliverAsync(registered);
        await DeliverAsync(registered with { Id = EntityId.New() });
        Assert.False(await CustomerEntity(customerId).ApplyRegistrationAsync((CustomerRegisteredData)registered.Data));

        var after = await SettledSummaryAsync();
        // The settling marker is the other one.
        Assert.Equal(before.Registrations + 2, after.Registrations);
    }

    [Fact]
    public async Task Events_of_other_kinds_or_with_a_payload_that_does_not_match_change_nothing()
    {
        var productId = EntityId.New();
        var order = MadeUpOrder(UnusedHour(), [Line(productId, 1, 1m)]);
        var low = new ProductStockLowData { ProductId = productId, Name = "Thing", Stock = 1, Threshold = 10 };

        await DeliverAsync(EventOf(order) with { Data = low });
        await DeliverAsync(EventOf(order) with { Subject = EntityId.New() });
        await DeliverAsync(new DomainEvent { Id = EntityId.New(), Type = EventTypes.ProductStockLow, Source = "test", Time = DateTimeOffset.UtcNow, Subject = productId, Data = low });

        Assert.False(await OrderEntity(order.Id).ApplyOrderAsync(order with { History = [] }));
        await SettledSummaryAsync();
        Assert.Null(await SalesOfAsync(productId));
        Assert.DoesNotContain(await LowStockAsync(), p => p.ProductId == productId);
    }

    private async Task<IReadOnlyList<LowStockProduct>> LowStockAsync() => (await Analytics.GetSummaryAsync()).LowStockProducts;

    private static ProductUpdatedData Stock(string productId, string name, long version, int stock) => new()
    {
        ProductId = productId,
        Name = name,
        Category = "analytics-tests",
        Price = 1m,
        Stock = stock,
        PreviousStock = stock,
        Reason = "updated",
        Version = version,
    };

    private static (int Orders, decimal Revenue, int Cancelled) Figures(SalesBucket bucket) => (bucket.Orders, bucket.Revenue, bucket.Cancelled);
}

using EcommerceBackend.Contracts;
using EcommerceBackend.Contracts.Customers;
using EcommerceBackend.Contracts.Events;
using EcommerceBackend.Contracts.Orders;
using EcommerceBackend.Grains.Customers;
using EcommerceBackend.Grains.Events;
using EcommerceBackend.Grains.Orders;
using EcommerceBackend.Grains.Records;
using EcommerceBackend.Grains.Tests.Infrastructure;
using EcommerceBackend.Grains.Tests.Notifications;
using EcommerceBackend.Records;
using Orleans.Streaming.RabbitMQ.Tests.Infrastructure;

namespace EcommerceBackend.Grains.Tests.Records;

/// <summary>
/// The records follow the event streams: every order with its lines and status history, products (deleted ones
/// marked), accounts without their password, every notification, and each day's sales; a repeated or late event
/// changes nothing.
/// </summary>
public sealed class RecordsConsumerTests(ClusterFixture fixture) : NotificationTest(fixture)
{
    private static IRecordsStore Records => ClusterFixture.SharedRecords;

    [Fact]
    public async Task An_order_is_recorded_whole_with_every_status_change_and_its_actor()
    {
        var (order, _) = await PendingOrderAsync(stock: 10, quantity: 3);
        await Order(order.Id).ChangeStatusAsync(OrderStatus.Confirmed, Admin);
        await Order(order.Id).CancelAsync(order.CustomerId);

        var record = await EventuallyAsync(() => Records.GetOrderAsync(order.Id), r => r?.Version == 3, "the cancelled order's record");

        Assert.Equal(OrderRecordStatus.Cancelled, record!.Status);
        Assert.Equal([OrderRecordStatus.Pending, OrderRecordStatus.Confirmed, OrderRecordStatus.Cancelled], record.History.Select(h => h.Status));
        Assert.Equal([order.CustomerId, Admin, order.CustomerId], record.History.Select(h => h.Actor));
        var line = Assert.Single(record.Items);
        Assert.Equal((order.Items[0].ProductId, order.Items[0].Name, order.Items[0].UnitPrice, 3), (line.ProductId, line.Name, line.UnitPrice, line.Quantity));
        Assert.Equal((order.Total, order.CustomerId, order.ShippingAddress.ZipCode), (record.Total, record.CustomerId, record.ShippingAddress.ZipCode));
        Assert.Equal(DateTimeKind.Utc, record.CreatedAt.Kind);
        Assert.Equal(order.CreatedAt.UtcDateTime, record.CreatedAt);
    }

    [Fact]
    public async Task A_repeated_or_late_order_event_changes_nothing_and_the_day_is_recomputed_from_the_records()
    {
        // A day no other test places orders on, so its figures are this test's alone.
        var day = new DateTimeOffset(1975, 1, 1, 0, 0, 0, TimeSpan.Zero).AddDays(Random.Shared.Next(0, 3000));
        var customerId = EntityId.New();
        var placed = OrderEvent(customerId) with { };
        var order = ((OrderEventData)placed.Data).Order with { CreatedAt = day.AddHours(5), Total = 8m };
        var created = placed with { Subject = order.Id, Data = new OrderEventData { Order = order, Actor = customerId } };
        var cancelledOrder = order with
        {
            Status = OrderStatus.Cancelled,
            History = [.. order.History, new OrderStatusChange { Status = OrderStatus.Cancelled, At = day.AddHours(6), Actor = customerId }],
        };
        var cancelled = created with { Id = EntityId.New(), Type = EventTypes.OrderCancelled, Data = new OrderEventData { Order = cancelledOrder, PreviousStatus = OrderStatus.Pending, Actor = customerId } };
        var consumer = Grains.GetGrain<IRecordsConsumerGrain>(EventTypes.OrderCreated);

        await consumer.HandleAsync(created);
        await consumer.HandleAsync(cancelled);
        await consumer.HandleAsync(created);
        await consumer.HandleAsync(cancelled);

        Assert.Equal((2, OrderRecordStatus.Cancelled), Version(await Records.GetOrderAsync(order.Id)));
        var sales = await EventuallyAsync(() => Records.GetSalesDayAsync(day.UtcDateTime), s => s is { Cancelled: 1 }, "the day's sales after the cancellation");
        Assert.Equal((day.UtcDateTime, 1, 0m, 1), (sales!.Day, sales.Orders, sales.Revenue, sales.Cancelled));
    }

    [Fact]
    public async Task A_product_is_recorded_from_its_creation_and_stays_marked_deleted_whatever_stock_comes_back_later()
    {
        var customerId = await RegisterCustomerAsync();
        var product = await StockedProductAsync(20, price: 4.5m);
        await EventuallyAsync(() => Records.GetProductAsync(product.Id), r => r is not null, "the new product's record");

        var order = await PlaceAsync(customerId, (product.Id, 2));
        Assert.True(await Product(product.Id).DeleteAsync());
        await Order(order.Id).CancelAsync(customerId);

        // Reserved (v2), deleted (v3), then the cancelled order's units came back (v4) to a product that is gone.
        var record = await EventuallyAsync(() => Records.GetProductAsync(product.Id), r => r?.Version == 4, "the product's last record");
        Assert.Equal((true, 20, 4.5m, product.Category), (record!.Deleted, record.Stock, record.Price, record.Category));
    }

    [Fact]
    public async Task An_account_is_recorded_with_its_profile_and_role_and_without_its_password()
    {
        var email = TestData.NewEmail("recorded");
        var registered = (await Email(email).RegisterAsync(TestData.NewCustomer(email, name: "Grace Hopper"))).Customer!;

        var record = await EventuallyAsync(() => Records.GetCustomerAsync(registered.Id), r => r is not null, "the account's record");
        Assert.Equal((1, "Grace Hopper", email, "customer"), (record!.Version, record.Name, record.Email, record.Role));
        Assert.DoesNotContain(typeof(CustomerRecord).GetProperties(), p => p.Name.Contains("Password", StringComparison.OrdinalIgnoreCase));

        await Grains.GetGrain<ICustomerGrain>(registered.Id).EnsureAdminAsync("Another-Passw0rd");
        var promoted = await EventuallyAsync(() => Records.GetCustomerAsync(registered.Id), r => r?.Version == 2, "the promoted account's record");
        Assert.Equal("admin", promoted!.Role);
    }

    [Fact]
    public async Task Every_notification_added_to_an_inbox_is_recorded_once_with_its_owner()
    {
        var customerId = EntityId.New();
        var note = Note(DateTimeOffset.UtcNow);
        var added = await Inbox(customerId).AddAsync(note);
        Assert.Null(await Inbox(customerId).AddAsync(note));

        var alerts = await EventuallyAsync(
            () => Records.FindAlertsAsync(new AlertRecordQuery { Owner = customerId }),
            page => page.Total >= 1,
            "the notification's record");
        var alert = Assert.Single(alerts.Items);
        Assert.Equal((added!.Id, note.EventId, note.Type, note.Title), (alert.Id, alert.SourceEventId, alert.Type, alert.Title));
    }

    private static (int, OrderRecordStatus) Version(OrderRecord? record) => (record!.Version, record.Status);

    private static Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what) =>
        Eventually.Until(what, read, done, EventRecorder.Deadline);
}

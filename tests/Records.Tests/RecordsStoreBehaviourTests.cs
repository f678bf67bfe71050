using Microsoft.Extensions.Options;

namespace EcommerceBackend.Records.Tests;

/// <summary>
/// One behaviour for every records store, run against the in-process store always and against MongoDB wherever
/// <c>MONGO_URI</c> is set (no MongoDB server can run on the project's own machines; none is faked): saves are
/// idempotent and ordered per entity, alerts are kept once, lists are filtered, paged and newest first.
/// </summary>
public sealed class RecordsStoreBehaviourTests : IAsyncLifetime
{
    /// <summary>The environment variable naming a MongoDB to run the suite against.</summary>
    public const string MongoVariable = "MONGO_URI";

    private readonly string _database = $"records-tests-{Guid.NewGuid():N}";
    private readonly Dictionary<string, IRecordsStore> _stores = [];

    /// <summary>The stores to run against: <c>in-process</c>, and <c>mongodb</c> when <see cref="MongoVariable"/> is set.</summary>
    public static TheoryData<string> Stores
    {
        get
        {
            var stores = new TheoryData<string> { "in-process" };
            if (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(MongoVariable)))
            {
                stores.Add("mongodb");
            }

            return stores;
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_stores.ContainsKey("mongodb"))
        {
            await new MongoDB.Driver.MongoClient(Environment.GetEnvironmentVariable(MongoVariable)).DropDatabaseAsync(_database);
        }
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task A_saved_record_is_replaced_only_by_a_newer_version_of_it(string store)
    {
        var records = await StoreAsync(store);
        var id = Samples.Id();

        Assert.True(await records.SaveOrderAsync(Samples.Order(id, version: 2, status: OrderRecordStatus.Confirmed)));
        Assert.False(await records.SaveOrderAsync(Samples.Order(id, version: 1)));
        Assert.False(await records.SaveOrderAsync(Samples.Order(id, version: 2, status: OrderRecordStatus.Confirmed)));
        Assert.Equal((2, OrderRecordStatus.Confirmed), Version(await records.GetOrderAsync(id)));
        Assert.True(await records.SaveOrderAsync(Samples.Order(id, version: 3, status: OrderRecordStatus.Shipped)));
        var stored = await records.GetOrderAsync(id);
        Assert.Equal((3, OrderRecordStatus.Shipped), Version(stored));
        Assert.Equal(3, stored!.History.Count);
        Assert.Equal(19.99m, (await SaveAndGetAsync(records, Samples.Order(Samples.Id(), total: 19.99m))).Total);
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task Customers_and_products_keep_their_newest_version_and_a_deleted_product_stays_marked(string store)
    {
        var records = await StoreAsync(store);
        var customerId = Samples.Id();
        Assert.True(await records.SaveCustomerAsync(Samples.Customer(customerId, $"{customerId}@example.com", name: "Old", version: 2)));
        Assert.False(await records.SaveCustomerAsync(Samples.Customer(customerId, $"{customerId}@example.com", name: "Older", version: 1)));
        Assert.Equal("Old", (await records.GetCustomerAsync(customerId))!.Name);

        var productId = Samples.Id();
        Assert.True(await records.SaveProductAsync(Samples.Product(productId, version: 1)));
        Assert.True(await records.SaveProductAsync(Samples.Product(productId, version: 2, deleted: true)));
        Assert.False(await records.SaveProductAsync(Samples.Product(productId, version: 1)));
        var product = await records.GetProductAsync(productId);
        Assert.Equal((2L, true), (product!.Version, product.Deleted));
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task No_two_customers_have_the_same_email_whatever_its_case(string store)
    {
        var records = await StoreAsync(store);
        var email = $"{Samples.Id()}@example.com";
        Assert.True(await records.SaveCustomerAsync(Samples.Customer(Samples.Id(), email)));

        await Assert.ThrowsAnyAsync<Exception>(() => records.SaveCustomerAsync(Samples.Customer(Samples.Id(), email.ToUpperInvariant())));
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task An_alert_is_kept_once_and_alerts_are_listed_newest_first_by_time_type_and_inbox(string store)
    {
        var records = await StoreAsync(store);
        var owner = Samples.Id();
        var now = DateTime.UtcNow;
        var alerts = Enumerable.Range(0, 5)
            .Select(i => Samples.Alert(Samples.Id(), owner, now.AddMinutes(-10 + i), i % 2 == 0 ? "order.created" : "product.stock_low"))
            .ToList();
        foreach (var alert in alerts)
        {
            Assert.True(await records.AddAlertAsync(alert));
        }

        Assert.False(await records.AddAlertAsync(alerts[0]));

        var all = await records.FindAlertsAsync(new AlertRecordQuery { Owner = owner, Limit = 10 });
        Assert.Equal(5, all.Total);
        Assert.Equal(alerts.Select(a => a.Id).Reverse(), all.Items.Select(a => a.Id));

        var created = await records.FindAlertsAsync(new AlertRecordQuery { Owner = owner, Type = "order.created", From = alerts[1].CreatedAt, To = alerts[4].CreatedAt, Limit = 10 });
        Assert.Equal([alerts[2].Id], created.Items.Select(a => a.Id));

        var second = await records.FindAlertsAsync(new AlertRecordQuery { Owner = owner, Skip = 2, Limit = 2 });
        Assert.Equal(5L, second.Total);
        Assert.Equal([alerts[2].Id, alerts[1].Id], second.Items.Select(a => a.Id));
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task Orders_are_found_by_status_customer_time_and_total_newest_first_and_paged(string store)
    {
        var records = await StoreAsync(store);
        var customerId = Samples.Id();
        var orders = new[]
        {
            Samples.Order(Samples.Id(), customerId: customerId, total: 5m, createdAt: Samples.At(1)),
            Samples.Order(Samples.Id(), version: 3, status: OrderRecordStatus.Shipped, customerId: customerId, total: 50m, createdAt: Samples.At(2)),
            Samples.Order(Samples.Id(), version: 2, status: OrderRecordStatus.Cancelled, customerId: customerId, total: 70m, createdAt: Samples.At(3)),
            Samples.Order(Samples.Id(), customerId: customerId, total: 30m, createdAt: Samples.At(4)),
        };
        foreach (var order in orders)
        {
            await records.SaveOrderAsync(order);
        }

        Assert.Equal(orders.Reverse().Select(o => o.Id), (await records.FindOrdersAsync(new OrderRecordQuery { CustomerId = customerId })).Items.Select(o => o.Id));
        Assert.Equal([orders[1].Id], Ids(await records.FindOrdersAsync(new OrderRecordQuery { CustomerId = customerId, Status = OrderRecordStatus.Shipped })));
        Assert.Equal([orders[3].Id, orders[2].Id, orders[1].Id], Ids(await records.FindOrdersAsync(new OrderRecordQuery { CustomerId = customerId, MinTotal = 30m })));
        Assert.Equal([orders[2].Id, orders[1].Id], Ids(await records.FindOrdersAsync(new OrderRecordQuery { CustomerId = customerId, From = Samples.At(2), To = Samples.At(4) })));
        var page = await records.FindOrdersAsync(new OrderRecordQuery { CustomerId = customerId, Skip = 3, Limit = 2 });
        Assert.Equal(4L, page.Total);
        Assert.Equal([orders[0].Id], page.Items.Select(o => o.Id));
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task Customers_are_found_by_any_part_of_their_name_or_email_whatever_the_case_taken_literally(string store)
    {
        var records = await StoreAsync(store);
        var token = Samples.Id();
        var byName = Samples.Customer(Samples.Id(), $"{Samples.Id()}@example.com", name: $"Grace {token} Hopper");
        var byEmail = Samples.Customer(Samples.Id(), $"a.{token}+x@Example.com");
        await records.SaveCustomerAsync(byName);
        await records.SaveCustomerAsync(byEmail);

        Assert.Equal(new[] { byEmail.Id, byName.Id }.Order(), Ids(await records.FindCustomersAsync(new CustomerRecordQuery { Text = token.ToUpperInvariant() })).Order());
        Assert.Equal([byEmail.Id], Ids(await records.FindCustomersAsync(new CustomerRecordQuery { Text = $".{token}+X@example" })));
        Assert.Empty(Ids(await records.FindCustomersAsync(new CustomerRecordQuery { Text = $"a.{token}.x" })));
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task An_export_reads_the_orders_of_a_range_oldest_first(string store)
    {
        var records = await StoreAsync(store);
        var day = new DateTime(1990, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddDays(Random.Shared.Next(0, 3000));
        var orders = Enumerable.Range(0, 3).Select(i => Samples.Order(Samples.Id(), createdAt: day.AddHours(i))).ToList();
        foreach (var order in orders.AsEnumerable().Reverse())
        {
            await records.SaveOrderAsync(order);
        }

        var exported = new List<string>();
        await foreach (var order in records.ExportOrdersAsync(day, day.AddHours(2)))
        {
            exported.Add(order.Id);
        }

        Assert.Equal([orders[0].Id, orders[1].Id], exported);
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task A_days_sales_are_recomputed_from_its_orders_and_follow_a_cancellation(string store)
    {
        var records = await StoreAsync(store);
        var day = new DateTime(1980, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddDays(Random.Shared.Next(0, 3000));
        var kept = Samples.Order(Samples.Id(), total: 12.50m, createdAt: day.AddHours(3));
        var cancelled = Samples.Order(Samples.Id(), total: 7.25m, createdAt: day.AddHours(23.5));
        await records.SaveOrderAsync(kept);
        await records.SaveOrderAsync(cancelled);
        await records.SaveOrderAsync(Samples.Order(Samples.Id(), total: 100m, createdAt: day.AddDays(1)));

        var figures = await records.RecomputeSalesDayAsync(day.AddHours(5));
        Assert.Equal((day, 2, 19.75m, 0), (figures.Day, figures.Orders, figures.Revenue, figures.Cancelled));

        await records.SaveOrderAsync(Samples.Order(cancelled.Id, version: 2, status: OrderRecordStatus.Cancelled, total: 7.25m, createdAt: cancelled.CreatedAt));
        await records.RecomputeSalesDayAsync(day);
        var stored = await records.GetSalesDayAsync(day);
        Assert.Equal((2, 12.50m, 1), (stored!.Orders, stored.Revenue, stored.Cancelled));
    }

    private async Task<IRecordsStore> StoreAsync(string store)
    {
        if (!_stores.TryGetValue(store, out var records))
        {
            records = store switch
            {
                "in-process" => new InMemoryRecordsStore(Options.Create(new RecordsOptions()), TimeProvider.System),
                "mongodb" => new MongoRecordsStore(Options.Create(new RecordsOptions { ConnectionString = Environment.GetEnvironmentVariable(MongoVariable), Database = _database })),
                _ => throw new ArgumentOutOfRangeException(nameof(store), store, null),
            };
            await records.EnsureIndexesAsync();
            _stores[store] = records;
        }

        return records;
    }

    private static (int, OrderRecordStatus) Version(OrderRecord? order) => (order!.Version, order.Status);

    private static async Task<OrderRecord> SaveAndGetAsync(IRecordsStore records, OrderRecord order)
    {
        await records.SaveOrderAsync(order);
        return (await records.GetOrderAsync(order.Id))!;
    }

    private static string[] Ids<T>(RecordPage<T> page) => [.. page.Items.Select(i => i switch
    {
        OrderRecord o => o.Id,
        CustomerRecord c => c.Id,
        AlertRecord a => a.Id,
        _ => throw new ArgumentException("no id"),
    })];
}

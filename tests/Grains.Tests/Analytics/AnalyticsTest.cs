using EcommerceBackend.Contracts;
using EcommerceBackend.Contracts.Analytics;
using EcommerceBackend.Contracts.Events;
using EcommerceBackend.Contracts.Orders;
using EcommerceBackend.Grains.Analytics;
using EcommerceBackend.Grains.Events;
using EcommerceBackend.Grains.Orders;
using EcommerceBackend.Grains.Tests.Infrastructure;
using EcommerceBackend.Grains.Tests.Orders;
using Orleans.Streaming.RabbitMQ.Tests.Infrastructure;

namespace EcommerceBackend.Grains.Tests.Analytics;

/// <summary>
/// What analytics tests share. The analytics are global and the cluster is shared, so a test looks only at what its
/// own data decides: products of its own, sales buckets in an hour of the distant future (or a day of the distant
/// past) no other test uses, or the change of a figure across its own steps.
/// </summary>
public abstract class AnalyticsTest(ClusterFixture fixture) : OrderTest(fixture)
{
    protected IAnalyticsGrain Analytics => Grains.GetGrain<IAnalyticsGrain>(AnalyticsGrainKeys.Global);

    /// <summary>The consumer the stream of <paramref name="type"/> activates.</summary>
    protected IAnalyticsConsumerGrain Consumer(string type) => Grains.GetGrain<IAnalyticsConsumerGrain>(type);

    protected IAnalyticsShardGrain ShardOf(string id) => Grains.GetGrain<IAnalyticsShardGrain>(AnalyticsShards.Of(id));

    protected IAnalyticsEntityGrain OrderEntity(string orderId) => Grains.GetGrain<IAnalyticsEntityGrain>(AnalyticsEntityKeys.Order(orderId));

    protected IAnalyticsEntityGrain CustomerEntity(string customerId) => Grains.GetGrain<IAnalyticsEntityGrain>(AnalyticsEntityKeys.Customer(customerId));

    /// <summary>
    /// The start of an hour between 2101 and 2111 that no other test picks (by chance of one in about 90000). In the
    /// future, so the shards keep it per hour whatever <see cref="AnalyticsOptions.HourlyRetentionDays"/> is.
    /// </summary>
    protected static DateTimeOffset UnusedHour() =>
        new DateTimeOffset(2101, 1, 1, 0, 0, 0, TimeSpan.Zero).AddHours(Random.Shared.Next(0, 24 * 365 * 10));

    /// <summary>
    /// The start of a UTC day between 2001 and 2011 that no other test picks (by chance of one in about 3650): long
    /// before any retention, so the shards keep its orders per day only.
    /// </summary>
    protected static DateTimeOffset UnusedFoldedDay() =>
        new DateTimeOffset(2001, 1, 1, 0, 0, 0, TimeSpan.Zero).AddDays(Random.Shared.Next(0, 365 * 10));

    /// <summary>An order of made-up products in the state the history's statuses leave it, as an order event carries it.</summary>
    protected static OrderDetails MadeUpOrder(DateTimeOffset createdAt, IReadOnlyList<OrderLine> lines, params OrderStatus[] history)
    {
        var statuses = history.Length == 0 ? [OrderStatus.Pending] : history;
        return new OrderDetails
        {
            Id = EntityId.New(),
            CustomerId = EntityId.New(),
            Items = lines,
            ShippingAddress = Address,
            Status = statuses[^1],
            Total = lines.Sum(l => l.LineTotal),
            CreatedAt = createdAt,
            UpdatedAt = createdAt.AddMinutes(statuses.Length - 1),
            History = statuses.Select((s, i) => new OrderStatusChange { Status = s, At = createdAt.AddMinutes(i), Actor = Admin }).ToList(),
        };
    }

    protected static OrderLine Line(string productId, int quantity, decimal unitPrice, string name = "Made-up product") =>
        new() { ProductId = productId, Name = name, UnitPrice = unitPrice, Quantity = quantity };

    /// <summary>The same order moved on to <paramref name="status"/> (one more history entry).</summary>
    protected static OrderDetails Moved(OrderDetails order, OrderStatus status) => order with
    {
        Status = status,
        UpdatedAt = order.UpdatedAt.AddMinutes(1),
        History = [.. order.History, new OrderStatusChange { Status = status, At = order.UpdatedAt.AddMinutes(1), Actor = Admin }],
    };

    /// <summary>The event the order grain would publish for this state of the order.</summary>
    protected static DomainEvent EventOf(OrderDetails order) => new()
    {
        Id = EntityId.New(),
        Type = order.Status switch
        {
            OrderStatus.Cancelled => EventTypes.OrderCancelled,
            _ when order.History.Count == 1 => EventTypes.OrderCreated,
            _ => EventTypes.OrderUpdated,
        },
        Source = "grains-tests/analytics",
        Time = order.UpdatedAt,
        Subject = order.Id,
        Data = new OrderEventData { Order = order, PreviousStatus = order.History.Count > 1 ? order.History[^2].Status : null, Actor = Admin },
    };

    /// <summary>Hands an event to the consumer of its stream, as the stream would deliver it.</summary>
    protected Task DeliverAsync(DomainEvent e) => Consumer(e.Type).HandleAsync(e);

    /// <summary>One product's sales, or <see langword="null"/> when it has none.</summary>
    protected async Task<TopProduct?> SalesOfAsync(string productId) =>
        (await Analytics.GetTopProductsAsync(TopProductsBy.Units, int.MaxValue)).SingleOrDefault(p => p.ProductId == productId);

    /// <summary>The hour bucket that starts at <paramref name="hour"/>.</summary>
    protected async Task<SalesBucket> HourAsync(DateTimeOffset hour) =>
        Assert.Single(await Analytics.GetSalesAsync(hour, hour, SalesInterval.Hour));

    /// <summary>Polls (up to <see cref="EventRecorder.Deadline"/>) until <paramref name="read"/> gives a value that <paramref name="done"/> accepts, and returns it.</summary>
    protected static Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what) =>
        Eventually.Until(what, read, done, EventRecorder.Deadline);

    /// <summary>
    /// Waits until the analytics grain has taken in everything the shards hold now: another change after this one
    /// (a registration of a made-up customer) shows up in the summary only once the refresh that carries it ran.
    /// </summary>
    protected async Task<AnalyticsSummary> SettledSummaryAsync()
    {
        var before = await Analytics.GetSummaryAsync();
        var customerId = EntityId.New();
        await CustomerEntity(customerId).ApplyRegistrationAsync(new CustomerRegisteredData { CustomerId = customerId, RegisteredAt = DateTimeOffset.UtcNow });
        return await EventuallyAsync(Analytics.GetSummaryAsync, s => s.Registrations > before.Registrations, "a marker registration to reach the summary");
    }
}

using EcommerceBackend.Contracts;
using EcommerceBackend.Contracts.Orders;
using EcommerceBackend.Grains.Orders;
using EcommerceBackend.Grains.Tests.Infrastructure;

namespace EcommerceBackend.Grains.Tests.Orders;

/// <summary>The status machine: pending → confirmed → shipped → delivered, cancelled from pending or confirmed, nothing else.</summary>
public sealed class OrderStatusTests(ClusterFixture fixture) : OrderTest(fixture)
{
    /// <summary>The legal moves, written out here rather than taken from the grain, so a change to either shows.</summary>
    private static readonly HashSet<(OrderStatus From, OrderStatus To)> Legal =
    [
        (OrderStatus.Pending, OrderStatus.Confirmed),
        (OrderStatus.Confirmed, OrderStatus.Shipped),
        (OrderStatus.Shipped, OrderStatus.Delivered),
        (OrderStatus.Pending, OrderStatus.Cancelled),
        (OrderStatus.Confirmed, OrderStatus.Cancelled),
    ];

    public static TheoryData<OrderStatus, OrderStatus> EveryPair()
    {
        var data = new TheoryData<OrderStatus, OrderStatus>();
        foreach (var from in Enum.GetValues<OrderStatus>())
        {
            foreach (var to in Enum.GetValues<OrderStatus>())
            {
                data.Add(from, to);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryPair))]
    public async Task A_status_change_is_made_when_legal_ignored_when_the_same_and_refused_otherwise(OrderStatus from, OrderStatus to)
    {
        var (placed, productId) = await PendingOrderAsync(stock: 10, quantity: 3);
        foreach (var step in PathTo(from))
        {
            await MoveAsync(placed.Id, step);
        }

        var before = await Order(placed.Id).GetAsync();
        Assert.NotNull(before);
        Assert.Equal(from, before.Status);
        var start = DateTimeOffset.UtcNow;

        var result = await Order(placed.Id).ChangeStatusAsync(to, "the-changer");

        var after = await Order(placed.Id).GetAsync();
        Assert.NotNull(after);
        if (Legal.Contains((from, to)))
        {
            Assert.True(result.Succeeded, $"{from} → {to} should be allowed; got {result.Failure}");
            AssertSameOrder(after, result.Order);
            Assert.Equal(to, after.Status);
            Assert.Equal(before.History, after.History.Take(before.History.Count));
            var entry = after.History[^1];
            Assert.Equal(before.History.Count + 1, after.History.Count);
            Assert.Equal((to, "the-changer"), (entry.Status, entry.Actor));
            Assert.InRange(entry.At, start, DateTimeOffset.UtcNow);
            Assert.Equal(entry.At, after.UpdatedAt);
            Assert.Equal(before.CreatedAt, after.CreatedAt);
        }
        else if (from == to)
        {
            Assert.True(result.Succeeded, $"{from} → {to} should succeed without a change; got {result.Failure}");
            AssertSameOrder(before, result.Order);
            AssertSameOrder(before, after);
        }
        else
        {
            Assert.Equal(OrderFailure.IllegalTransition, result.Failure);
            Assert.Equal(from, result.Order?.Status);
            AssertSameOrder(before, after);
        }

        // Stock comes back only with a cancellation; every other outcome leaves the 3 units taken.
        Assert.Equal(after.Status == OrderStatus.Cancelled ? 10 : 7, await StockOf(productId));
    }

    [Fact]
    public async Task Every_move_along_the_life_of_an_order_adds_a_history_entry_with_its_actor_and_time()
    {
        var customerId = await RegisterCustomerAsync();
        var product = await StockedProductAsync(5);
        var start = DateTimeOffset.UtcNow;
        var order = await PlaceAsync(customerId, (product.Id, 1));

        await MoveAsync(order.Id, OrderStatus.Confirmed, "clerk-1");
        await MoveAsync(order.Id, OrderStatus.Confirmed, "clerk-2");
        await MoveAsync(order.Id, OrderStatus.Shipped, "warehouse");
        Assert.Equal(OrderFailure.IllegalTransition, (await Order(order.Id).ChangeStatusAsync(OrderStatus.Pending, "mistake")).Failure);
        await MoveAsync(order.Id, OrderStatus.Delivered, "carrier");
        var end = DateTimeOffset.UtcNow;

        await Fixture.Cluster.DeactivateAsync(Order(order.Id));
        var stored = await Order(order.Id).GetAsync();
        Assert.NotNull(stored);
        Assert.Equal(
            [(OrderStatus.Pending, customerId), (OrderStatus.Confirmed, "clerk-1"), (OrderStatus.Shipped, "warehouse"), (OrderStatus.Delivered, "carrier")],
            stored.History.Select(h => (h.Status, h.Actor)));
        Assert.All(stored.History, h => Assert.InRange(h.At, start, end));
        Assert.Equal(stored.History.Select(h => h.At).Order(), stored.History.Select(h => h.At));
        Assert.Equal(stored.History[0].At, stored.CreatedAt);
        Assert.Equal(stored.History[^1].At, stored.UpdatedAt);
    }

    [Fact]
    public async Task Changing_reading_or_cancelling_an_order_that_was_never_placed_is_not_found()
    {
        var orderId = EntityId.New();

        var moved = await Order(orderId).ChangeStatusAsync(OrderStatus.Confirmed, Admin);
        var cancelled = await Order(orderId).CancelAsync(Admin);
        var cancelledByStatus = await Order(orderId).ChangeStatusAsync(OrderStatus.Cancelled, Admin);

        Assert.Equal(OrderFailure.NotFound, moved.Failure);
        Assert.Equal(OrderFailure.NotFound, cancelled.Failure);
        Assert.Equal(OrderFailure.NotFound, cancelledByStatus.Failure);
        Assert.Null(moved.Order);
        Assert.Null(cancelled.Order);
        Assert.Null(await Order(orderId).GetAsync());
        await Events.SettleAsync();
        Assert.Empty(Events.About(orderId));
    }
}

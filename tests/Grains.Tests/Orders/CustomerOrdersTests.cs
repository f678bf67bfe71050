using EcommerceBackend.Contracts;
using EcommerceBackend.Grains.Tests.Infrastructure;

namespace EcommerceBackend.Grains.Tests.Orders;

/// <summary>A customer's order list: newest first, paged, each order once.</summary>
public sealed class CustomerOrdersTests(ClusterFixture fixture) : OrderTest(fixture)
{
    private static PageRequest Page(int page, int limit) => new() { Page = page, Limit = limit };

    [Fact]
    public async Task A_customers_orders_are_listed_newest_first_in_pages_with_the_total()
    {
        var customerId = await RegisterCustomerAsync();
        var product = await StockedProductAsync(20);
        var placed = new List<Contracts.Orders.OrderDetails>();
        for (var i = 0; i < 5; i++)
        {
            placed.Add(await PlaceAsync(customerId, (product.Id, 1)));
        }

        var newestFirst = placed.OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Id, StringComparer.Ordinal).Select(o => o.Id).ToList();
        // Placed one after another, so newest first is the reverse of placing order.
        Assert.Equal(placed.Select(o => o.Id).Reverse(), newestFirst);

        var pages = new[] { await CustomerOrders(customerId).ListAsync(Page(1, 2)), await CustomerOrders(customerId).ListAsync(Page(2, 2)), await CustomerOrders(customerId).ListAsync(Page(3, 2)) };
        var beyond = await CustomerOrders(customerId).ListAsync(Page(4, 2));

        Assert.Equal(newestFirst[0..2], pages[0].Items);
        Assert.Equal(newestFirst[2..4], pages[1].Items);
        Assert.Equal(newestFirst[4..], pages[2].Items);
        Assert.Empty(beyond.Items);
        Assert.All(pages.Append(beyond), p => Assert.Equal((5, 2), (p.Total, p.Limit)));
        Assert.Equal([1, 2, 3, 4], pages.Append(beyond).Select(p => p.Page));
        Assert.Equal(newestFirst, (await CustomerOrders(customerId).ListAsync(Page(1, 100))).Items);
    }

    [Fact]
    public async Task A_long_history_moves_to_archive_chunks_and_still_pages_newest_first_across_them()
    {
        var customerId = EntityId.New();
        var t = DateTimeOffset.UtcNow;
        var ids = Enumerable.Range(0, 3 * EcommerceBackend.Grains.Orders.CustomerOrdersGrain.ChunkSize + 57).Select(_ => EntityId.New()).ToList();
        for (var i = 0; i < ids.Count; i++)
        {
            await CustomerOrders(customerId).AddAsync(ids[i], t.AddSeconds(i));
        }

        var newestFirst = Enumerable.Reverse(ids).ToList();
        var listed = new List<string>();
        for (var page = 1; ; page++)
        {
            var result = await CustomerOrders(customerId).ListAsync(Page(page, 30));
            Assert.Equal(ids.Count, result.Total);
            if (result.Items.Count == 0)
            {
                break;
            }

            listed.AddRange(result.Items);
        }

        Assert.Equal(newestFirst, listed);
        Assert.Equal(newestFirst[100..200], (await CustomerOrders(customerId).ListAsync(new PageRequest { Page = 2, Limit = 100 })).Items);
        // The list grain and its two archive chunks each keep a record of their own.
        var keys = await Fixture.StateKeysAsync($"*{customerId}*");
        Assert.True(keys.Count == 3, string.Join(", ", keys));
    }

    [Fact]
    public async Task An_order_recorded_late_is_listed_by_when_it_was_placed()
    {
        var customerId = EntityId.New();
        var (older, newer, newest) = (EntityId.New(), EntityId.New(), EntityId.New());
        var t = DateTimeOffset.UtcNow;

        await CustomerOrders(customerId).AddAsync(newest, t.AddMinutes(2));
        await CustomerOrders(customerId).AddAsync(older, t);
        await CustomerOrders(customerId).AddAsync(newer, t.AddMinutes(1));

        Assert.Equal([newest, newer, older], (await CustomerOrders(customerId).ListAsync(Page(1, 10))).Items);
    }

    [Fact]
    public async Task An_order_is_listed_once_however_often_its_placement_is_retried()
    {
        var customerId = await RegisterCustomerAsync();
        var product = await StockedProductAsync(20);
        var other = await PlaceAsync(customerId, (product.Id, 1));
        var orderId = EntityId.New();
        var request = Request(customerId, (product.Id, 2));

        Assert.True((await Order(orderId).PlaceAsync(request)).Created);
        Assert.False((await Order(orderId).PlaceAsync(request)).Created);
        await Fixture.Cluster.DeactivateAsync(CustomerOrders(customerId));
        await Fixture.Cluster.DeactivateAsync(Order(orderId));
        Assert.False((await Order(orderId).PlaceAsync(request)).Created);
        await CustomerOrders(customerId).AddAsync(orderId, DateTimeOffset.UtcNow.AddDays(1));

        var listed = await CustomerOrders(customerId).ListAsync(Page(1, 10));
        Assert.Equal([orderId, other.Id], listed.Items);
        Assert.Equal(2, listed.Total);
    }

    [Fact]
    public async Task A_customer_without_orders_has_an_empty_list()
    {
        var listed = await CustomerOrders(await RegisterCustomerAsync()).ListAsync(Page(1, 10));

        Assert.Empty(listed.Items);
        Assert.Equal(0, listed.Total);
    }
}

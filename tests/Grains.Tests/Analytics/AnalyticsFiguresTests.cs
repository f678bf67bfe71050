using EcommerceBackend.Contracts;
using EcommerceBackend.Contracts.Analytics;
using EcommerceBackend.Contracts.Events;
using EcommerceBackend.Contracts.Orders;
using EcommerceBackend.Contracts.Products;
using EcommerceBackend.Grains.Analytics;
using EcommerceBackend.Grains.Events;
using EcommerceBackend.Grains.Orders;
using EcommerceBackend.Grains.Products;
using EcommerceBackend.Grains.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EcommerceBackend.Grains.Tests.Analytics;

/// <summary>What each figure counts, from orders, products and customers made through the grains or as events.</summary>
public sealed class AnalyticsFiguresTests(ClusterFixture fixture) : AnalyticsTest(fixture)
{
    private int LowStockThreshold => Fixture.Cluster.GetActiveSilos()
        .Select(s => Fixture.Cluster.GetSiloServiceProvider(s.SiloAddress).GetRequiredService<IOptions<CatalogOptions>>().Value.LowStockThreshold)
        .Distinct()
        .Single();

    [Fact]
    public async Task Placed_orders_count_and_a_cancellation_takes_their_revenue_and_units_back()
    {
        var customerId = await RegisterCustomerAsync();
        var (cheap, dear) = (await StockedProductAsync(100, price: 2.25m), await StockedProductAsync(100, price: 40m));
        var before = await SettledSummaryAsync();

        var first = await PlaceAsync(customerId, (cheap.Id, 4), (dear.Id, 1));
        var second = await PlaceAsync(customerId, (dear.Id, 2));
        await MoveAsync(second.Id, OrderStatus.Confirmed);
        var placed = await EventuallyAsync(() => SalesOfAsync(dear.Id), s => s?.Units == 3, "both orders' units of the dear product");
        Assert.Equal(120m, placed!.Revenue);
        Assert.Equal((4, 9m), await UnitsAndRevenueAsync(cheap.Id));

        Assert.True((await Order(first.Id).CancelAsync(customerId)).Succeeded);

        var dearAfter = await EventuallyAsync(() => SalesOfAsync(dear.Id), s => s?.Units == 2, "the cancelled order's units to leave");
        Assert.Equal(80m, dearAfter!.Revenue);
        Assert.Null(await SalesOfAsync(cheap.Id));
        // The confirmation and the cancellation travel on different streams: either may reach the summary first.
        var after = await EventuallyAsync(
            Analytics.GetSummaryAsync,
            s => s.CancelledOrders > before.CancelledOrders && s.OrdersByStatus[OrderStatus.Confirmed] > before.OrdersByStatus[OrderStatus.Confirmed],
            "the confirmation and the cancellation in the summary");
        Assert.Equal(before.TotalOrders + 2, after.TotalOrders);
        Assert.Equal(before.CancelledOrders + 1, after.CancelledOrders);
        Assert.Equal(before.Revenue + 80m, after.Revenue);
        Assert.Equal(before.OrdersByStatus[OrderStatus.Confirmed] + 1, after.OrdersByStatus[OrderStatus.Confirmed]);
        Assert.Equal(before.OrdersByStatus[OrderStatus.Cancelled] + 1, after.OrdersByStatus[OrderStatus.Cancelled]);
        Assert.Equal(before.OrdersByStatus[OrderStatus.Pending], after.OrdersByStatus[OrderStatus.Pending]);
        Assert.Equal((double)after.CancelledOrders / after.TotalOrders, after.CancellationRate, 10);
        Assert.Equal(Math.Round(after.Revenue / (after.TotalOrders - after.CancelledOrders), 2), after.AverageOrderValue);
        Assert.True(after.Version > before.Version);
    }

    [Fact]
    public async Task Sales_are_bucketed_by_the_utc_hour_and_day_the_orders_were_placed()
    {
        var day = SalesRange.BucketStart(UnusedHour(), SalesInterval.Day);
        var productId = EntityId.New();
        var orders = new[]
        {
            MadeUpOrder(day.AddHours(10).AddMinutes(15), [Line(productId, 1, 10m)]),
            MadeUpOrder(day.AddHours(10).AddMinutes(59), [Line(productId, 2, 10m)], OrderStatus.Pending, OrderStatus.Confirmed),
            MadeUpOrder(day.AddHours(13), [Line(productId, 1, 7m)]),
            MadeUpOrder(day.AddHours(13).AddMinutes(30), [Line(productId, 5, 7m)], OrderStatus.Pending, OrderStatus.Cancelled),
            // Same UTC instant written with an offset: still 23:xx UTC of the day.
            MadeUpOrder(day.AddHours(23).AddMinutes(59).ToOffset(TimeSpan.FromHours(5)), [Line(productId, 1, 1m)]),
        };
        foreach (var order in orders)
        {
            await DeliverAsync(EventOf(order));
        }

        var days = await EventuallyAsync(
            () => Analytics.GetSalesAsync(day.AddHours(-1), day.AddDays(1), SalesInterval.Day),
            d => d.Count == 3 && d[1].Orders == 5,
            "the day's five orders");
        Assert.Equal([day.AddDays(-1), day, day.AddDays(1)], days.Select(b => b.Start));
        Assert.Equal((5, 38m, 1), (days[1].Orders, days[1].Revenue, days[1].Cancelled));
        Assert.All([days[0], days[2]], b => Assert.Equal((0, 0m, 0), (b.Orders, b.Revenue, b.Cancelled)));

        var hours = await Analytics.GetSalesAsync(day.AddMinutes(30), day.AddHours(23).AddMinutes(1), SalesInterval.Hour);
        Assert.Equal(Enumerable.Range(0, 24).Select(h => day.AddHours(h)), hours.Select(b => b.Start));
        Assert.All(hours, b => Assert.Equal(TimeSpan.Zero, b.Start.Offset));
        Assert.Equal((2, 30m, 0), (hours[10].Orders, hours[10].Revenue, hours[10].Cancelled));
        Assert.Equal((2, 7m, 1), (hours[13].Orders, hours[13].Revenue, hours[13].Cancelled));
        Assert.Equal((1, 1m, 0), (hours[23].Orders, hours[23].Revenue, hours[23].Cancelled));
        Assert.Equal(5, hours.Sum(b => b.Orders));
    }

    [Fact]
    public async Task A_sales_range_that_is_reversed_or_too_long_is_refused()
    {
        var now = DateTimeOffset.UtcNow;
        await Assert.ThrowsAsync<ArgumentException>(() => Analytics.GetSalesAsync(now, now.AddHours(-1), SalesInterval.Hour));
        await Assert.ThrowsAsync<ArgumentException>(() => Analytics.GetSalesAsync(now, now.AddHours(SalesRange.MaxBuckets), SalesInterval.Hour));
        Assert.Equal(SalesRange.MaxBuckets, (await Analytics.GetSalesAsync(now, now.AddHours(SalesRange.MaxBuckets - 1), SalesInterval.Hour)).Count);
    }

    [Fact]
    public async Task Top_products_rank_by_units_or_by_revenue_and_carry_the_latest_name()
    {
        var hour = UnusedHour();
        var (many, dear) = (EntityId.New(), EntityId.New());
        var orders = new[]
        {
            MadeUpOrder(hour, [Line(many, 500_000, 0.01m, "Old name"), Line(dear, 1, 900_000m)]),
            MadeUpOrder(hour.AddMinutes(1), [Line(many, 500_000, 0.01m, "New name")]),
        };
        foreach (var order in orders)
        {
            await DeliverAsync(EventOf(order));
        }

        await EventuallyAsync(() => SalesOfAsync(many), s => s?.Units == 1_000_000, "both orders' units");
        var byUnits = await Analytics.GetTopProductsAsync(TopProductsBy.Units, int.MaxValue);
        var byRevenue = await Analytics.GetTopProductsAsync(TopProductsBy.Revenue, int.MaxValue);
        var top = byUnits.Single(p => p.ProductId == many);
        Assert.Equal(("New name", 1_000_000, 10_000m), (top.Name, top.Units, top.Revenue));
        Assert.True(byUnits.ToList().FindIndex(p => p.ProductId == many) < byUnits.ToList().FindIndex(p => p.ProductId == dear));
        Assert.True(byRevenue.ToList().FindIndex(p => p.ProductId == dear) < byRevenue.ToList().FindIndex(p => p.ProductId == many));
        Assert.Equal(byUnits.OrderByDescending(p => p.Units).Select(p => p.Units), byUnits.Select(p => p.Units));
        Assert.Equal(byRevenue.OrderByDescending(p => p.Revenue).Select(p => p.Revenue), byRevenue.Select(p => p.Revenue));
        Assert.Equal(byUnits.Take(2), await Analytics.GetTopProductsAsync(TopProductsBy.Units, 2));
        Assert.Empty(await Analytics.GetTopProductsAsync(TopProductsBy.Revenue, 0));
    }

    [Fact]
    public async Task A_product_whose_stock_falls_below_the_threshold_is_listed_until_restocked_or_deleted()
    {
        var threshold = LowStockThreshold;
        var customerId = await RegisterCustomerAsync();
        var product = await StockedProductAsync(threshold + 2);

        await PlaceAsync(customerId, (product.Id, 3));
        var low = await EventuallyAsync(LowStockAsync, l => l.Any(p => p.ProductId == product.Id), "the product in the low-stock list");
        Assert.Equal((product.Name, threshold - 1, threshold), low.Where(p => p.ProductId == product.Id).Select(p => (p.Name, p.Stock, p.Threshold)).Single());
        Assert.Equal(low.OrderBy(p => p.Stock).Select(p => p.Stock), low.Select(p => p.Stock));

        await Product(product.Id).UpdateAsync(new ProductChanges { Stock = threshold });
        await EventuallyAsync(LowStockAsync, l => l.All(p => p.ProductId != product.Id), "the restocked product to leave the list");

        await Product(product.Id).UpdateAsync(new ProductChanges { Stock = 0 });
        await EventuallyAsync(LowStockAsync, l => l.Any(p => p.ProductId == product.Id && p.Stock == 0), "the product back in the list");
        Assert.True(await Product(product.Id).DeleteAsync());
        await EventuallyAsync(LowStockAsync, l => l.All(p => p.ProductId != product.Id), "the deleted product to leave the list");
    }

    [Fact]
    public async Task A_registered_customer_counts_once_and_the_summary_version_rises_with_it()
    {
        var before = await SettledSummaryAsync();

        var customerId = await RegisterCustomerAsync();

        var registered = Assert.Single(await Events.ExactlyAsync(customerId, EventTypes.CustomerRegistered, 1));
        var after = await EventuallyAsync(Analytics.GetSummaryAsync, s => s.Registrations > before.Registrations, "the registration in the summary");
        Assert.Equal(before.Registrations + 1, after.Registrations);
        Assert.True(after.Version > before.Version);
        Assert.True(after.AsOf >= before.AsOf);
        Assert.Equal(customerId, ((CustomerRegisteredData)registered.Data).CustomerId);
    }

    private async Task<IReadOnlyList<LowStockProduct>> LowStockAsync() => (await Analytics.GetSummaryAsync()).LowStockProducts;

    private async Task<(int, decimal)> UnitsAndRevenueAsync(string productId) =>
        await SalesOfAsync(productId) is { } sales ? (sales.Units, sales.Revenue) : (0, 0m);
}

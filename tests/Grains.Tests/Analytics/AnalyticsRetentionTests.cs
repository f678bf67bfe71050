using EcommerceBackend.Contracts;
using EcommerceBackend.Contracts.Analytics;
using EcommerceBackend.Contracts.Orders;
using EcommerceBackend.Grains.Analytics;
using EcommerceBackend.Grains.Orders;
using EcommerceBackend.Grains.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EcommerceBackend.Grains.Tests.Analytics;

/// <summary>
/// Orders placed before <see cref="AnalyticsOptions.HourlyRetentionDays"/> through the grains: the shards keep them
/// per day only, and the day figures, the summary and later changes stay exact.
/// </summary>
public sealed class AnalyticsRetentionTests(ClusterFixture fixture) : AnalyticsTest(fixture)
{
    private AnalyticsOptions Options => Fixture.Cluster.GetActiveSilos()
        .Select(s => Fixture.Cluster.GetSiloServiceProvider(s.SiloAddress).GetRequiredService<IOptions<AnalyticsOptions>>().Value)
        .First();

    [Fact]
    public async Task Orders_of_a_day_before_the_retention_count_exactly_per_day_and_leave_no_hour_in_the_shards()
    {
        var day = UnusedFoldedDay();
        var productId = EntityId.New();
        var orders = Enumerable.Range(0, 12)
            .Select(i => MadeUpOrder(day.AddHours(i * 2).AddMinutes(i), [Line(productId, i + 1, 2.50m)]))
            .ToList();
        orders[3] = Moved(orders[3], OrderStatus.Confirmed);
        orders[7] = Moved(orders[7], OrderStatus.Cancelled);
        var cutoff = Options.HourlyCutoff(DateTimeOffset.UtcNow);
        var before = await SettledSummaryAsync();

        foreach (var order in orders)
        {
            await DeliverAsync(EventOf(order));
        }

        var kept = orders.Where(o => o.Status != OrderStatus.Cancelled).ToList();
        var bucket = Assert.Single(await EventuallyAsync(
            () => Analytics.GetSalesAsync(day, day.AddHours(23), SalesInterval.Day),
            d => d[0].Orders == orders.Count,
            "the day's orders"));
        Assert.Equal((orders.Count, kept.Sum(o => o.Total), 1), Figures(bucket));
        Assert.Equal((kept.Sum(o => o.Items[0].Quantity), kept.Sum(o => o.Total)), await UnitsAndRevenueAsync(productId));
        var after = await SettledSummaryAsync();
        Assert.Equal(before.TotalOrders + orders.Count, after.TotalOrders);
        Assert.Equal(before.CancelledOrders + 1, after.CancelledOrders);
        Assert.Equal(before.Revenue + kept.Sum(o => o.Total), after.Revenue);
        Assert.Equal(before.OrdersByStatus[OrderStatus.Confirmed] + 1, after.OrdersByStatus[OrderStatus.Confirmed]);

        // Kept per day only: the hour query that far back answers zeros.
        var hours = await Analytics.GetSalesAsync(day, day.AddHours(23), SalesInterval.Hour);
        Assert.Equal(24, hours.Count);
        Assert.All(hours, h => Assert.Equal((0, 0m, 0), Figures(h)));

        foreach (var shard in orders.Select(o => AnalyticsShards.Of(AnalyticsEntityKeys.Order(o.Id))).Distinct())
        {
            var totals = (await Grains.GetGrain<IAnalyticsShardGrain>(shard).GetPartialAsync(-1))!.Totals;
            Assert.True(totals.FoldedBefore >= cutoff, $"shard {shard} keeps hours from {totals.FoldedBefore:O}, before the cutoff {cutoff:O}");
            Assert.Equal(SalesRange.BucketStart(totals.FoldedBefore, SalesInterval.Day), totals.FoldedBefore);
            Assert.All(totals.Hours.Keys, h => Assert.True(h >= totals.FoldedBefore, $"shard {shard} still has the hour {h:O}"));
            Assert.All(totals.Days.Keys, d => Assert.True(d < totals.FoldedBefore, $"shard {shard} has the kept day {d:O} folded"));
            Assert.Contains(day, totals.Days.Keys);
        }
    }

    [Fact]
    public async Task A_cancellation_of_an_order_in_a_folded_hour_takes_its_revenue_back_from_its_day()
    {
        var day = UnusedFoldedDay();
        var productId = EntityId.New();
        var cancelledLater = MadeUpOrder(day.AddHours(14).AddMinutes(20), [Line(productId, 3, 12.50m)]);
        var other = MadeUpOrder(day.AddHours(16), [Line(productId, 1, 10m)]);
        await DeliverAsync(EventOf(cancelledLater));
        await DeliverAsync(EventOf(other));
        await EventuallyAsync(() => DayAsync(day), b => b.Orders == 2, "both orders in their day");
        var before = await SettledSummaryAsync();

        var cancelled = Moved(cancelledLater, OrderStatus.Cancelled);
        await DeliverAsync(EventOf(cancelled));
        // Redelivered, and the creation again: neither counts a second time.
        await DeliverAsync(EventOf(cancelled));
        await DeliverAsync(EventOf(cancelledLater));

        var bucket = await EventuallyAsync(() => DayAsync(day), b => b.Cancelled == 1, "the cancellation in its day");
        Assert.Equal((2, 10m, 1), Figures(bucket));
        Assert.Equal((1, 10m), await UnitsAndRevenueAsync(productId));
        var after = await SettledSummaryAsync();
        Assert.Equal(before.TotalOrders, after.TotalOrders);
        Assert.Equal(before.CancelledOrders + 1, after.CancelledOrders);
        Assert.Equal(before.Revenue - 37.50m, after.Revenue);
        Assert.All(await Analytics.GetSalesAsync(day, day.AddHours(23), SalesInterval.Hour), h => Assert.Equal((0, 0m, 0), Figures(h)));
    }

    private static (int, decimal, int) Figures(SalesBucket bucket) => (bucket.Orders, bucket.Revenue, bucket.Cancelled);

    private async Task<SalesBucket> DayAsync(DateTimeOffset day) =>
        Assert.Single(await Analytics.GetSalesAsync(day, day, SalesInterval.Day));

    private async Task<(int, decimal)> UnitsAndRevenueAsync(string productId) =>
        await SalesOfAsync(productId) is { } sales ? (sales.Units, sales.Revenue) : (0, 0m);
}

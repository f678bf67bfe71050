using EcommerceBackend.Contracts;
using EcommerceBackend.Contracts.Analytics;
using EcommerceBackend.Grains.Analytics;

namespace EcommerceBackend.Grains.Tests.Analytics;

/// <summary>
/// Folding a shard's old hours into days (<see cref="ShardTotals.FoldHoursBefore"/>), on the totals alone: the
/// day figures never change, and a later change to an order of a folded hour lands on its day.
/// </summary>
public sealed class AnalyticsFoldingTests
{
    private static readonly DateTimeOffset FirstDay = new(2030, 5, 10, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Folding_moves_the_hours_before_the_cutoff_into_their_days_and_keeps_every_days_figures_exact()
    {
        var totals = new ShardTotals { TotalOrders = 7, CancelledOrders = 2, Revenue = 123.45m, Registrations = 3 };
        var random = new Random(6);
        for (var i = 0; i < 300; i++)
        {
            var placed = FirstDay.AddMinutes(random.Next(0, 5 * 24 * 60));
            var cancelled = random.Next(4) == 0;
            totals.AddSales(placed, 1, cancelled ? 0m : random.Next(1, 10_000) / 100m, cancelled ? 1 : 0);
        }

        var daysBefore = DayFigures(totals);
        var cutoff = FirstDay.AddDays(3);

        Assert.True(totals.FoldHoursBefore(cutoff));

        Assert.Equal(cutoff, totals.FoldedBefore);
        Assert.All(totals.Hours.Keys, h => Assert.True(h >= cutoff, $"hour {h:O} before the cutoff is still kept"));
        Assert.Equal([FirstDay, FirstDay.AddDays(1), FirstDay.AddDays(2)], totals.Days.Keys.Order());
        Assert.Equal(daysBefore, DayFigures(totals));
        Assert.Equal((7, 2, 123.45m, 3), (totals.TotalOrders, totals.CancelledOrders, totals.Revenue, totals.Registrations));

        // The cutoff only ever rises: an earlier or the same one does nothing.
        Assert.False(totals.FoldHoursBefore(FirstDay.AddDays(1)));
        Assert.False(totals.FoldHoursBefore(cutoff));
        Assert.Equal(cutoff, totals.FoldedBefore);
        Assert.Equal(daysBefore, DayFigures(totals));

        Assert.True(totals.FoldHoursBefore(FirstDay.AddDays(30)));
        Assert.Empty(totals.Hours);
        Assert.Equal(daysBefore, DayFigures(totals));
    }

    [Fact]
    public void A_cutoff_inside_a_day_is_refused()
    {
        var totals = new ShardTotals();
        Assert.Throws<ArgumentException>(() => totals.FoldHoursBefore(FirstDay.AddHours(5)));
        Assert.Equal(default, totals.FoldedBefore);
    }

    [Fact]
    public void A_cancellation_or_redelivery_of_an_order_in_a_folded_hour_is_applied_to_its_day()
    {
        var totals = new ShardTotals();
        var placed = FirstDay.AddHours(14).AddMinutes(20);
        totals.AddSales(placed, 1, 37.50m, 0);
        totals.AddSales(placed.AddHours(2), 1, 10m, 0);
        Assert.True(totals.FoldHoursBefore(FirstDay.AddDays(1)));

        // The cancellation takes the order as counted back and counts it cancelled: its revenue leaves the day.
        totals.AddSales(placed, -1, -37.50m, 0);
        totals.AddSales(placed, 1, 0m, 1);
        Assert.Empty(totals.Hours);
        Assert.Equal((2, 10m, 1), Figures(Assert.Single(totals.Days, d => d.Key == FirstDay).Value));

        // Taking back every order of the day removes its bucket, as for an hour.
        totals.AddSales(placed, -1, 0m, -1);
        totals.AddSales(placed.AddHours(2), -1, -10m, 0);
        Assert.Empty(totals.Days);

        // An order placed from the cutoff on still counts per hour.
        totals.AddSales(FirstDay.AddDays(1).AddMinutes(5), 1, 4m, 0);
        Assert.Equal((1, 4m, 0), Figures(Assert.Single(totals.Hours, h => h.Key == FirstDay.AddDays(1)).Value));
        Assert.Empty(totals.Days);
    }

    private static (int, decimal, int) Figures(SalesTotals sales) => (sales.Orders, sales.Revenue, sales.Cancelled);

    /// <summary>Each day's figures as a day query sees them: its folded bucket plus its kept hours.</summary>
    private static Dictionary<DateTimeOffset, (int, decimal, int)> DayFigures(ShardTotals totals) =>
        totals.Hours
            .Select(h => (Day: SalesRange.BucketStart(h.Key, SalesInterval.Day), Sales: h.Value))
            .Concat(totals.Days.Select(d => (Day: d.Key, Sales: d.Value)))
            .GroupBy(d => d.Day)
            .ToDictionary(g => g.Key, g => (g.Sum(d => d.Sales.Orders), g.Sum(d => d.Sales.Revenue), g.Sum(d => d.Sales.Cancelled)));
}

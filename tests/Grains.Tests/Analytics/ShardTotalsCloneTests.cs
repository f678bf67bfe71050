using EcommerceBackend.Contracts.Analytics;
using EcommerceBackend.Contracts.Orders;
using EcommerceBackend.Grains.Analytics;

namespace EcommerceBackend.Grains.Tests.Analytics;

/// <summary>
/// A shard changes only a clone of its committed totals (storage shares the committed ones): the clone carries every
/// figure and shares no map with the original.
/// </summary>
public sealed class ShardTotalsCloneTests
{
    private static readonly DateTimeOffset Hour = new(2030, 5, 10, 14, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Midnight = new(2030, 5, 10, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_clone_carries_every_figure_and_its_changes_leave_the_original_alone()
    {
        var original = new ShardTotals { Registrations = 4, FoldedBefore = Midnight.AddDays(-1) };
        original.Count(Order(OrderStatus.Pending, Hour), +1);
        original.AddSales(Hour.AddDays(-3), 1, 5m, 0);

        var clone = original.Clone();
        Assert.Equal(Figures(original), Figures(clone));

        clone.Count(Order(OrderStatus.Cancelled, Hour.AddHours(1)), +1);
        clone.Count(Order(OrderStatus.Pending, Hour), -1);
        clone.Registrations++;
        clone.FoldHoursBefore(Midnight.AddDays(1));

        Assert.NotEqual(Figures(original), Figures(clone));
        Assert.Equal(
            (1, 0, 30m, 4, "Pending=1", $"{Hour:O}=1/30/0", "p1=3/30", $"{Midnight.AddDays(-3):O}=1/5/0"),
            Figures(original));
    }

    private static AnalyticsOrderRecord Order(OrderStatus status, DateTimeOffset createdAt) => new()
    {
        Status = status,
        Total = 30m,
        CreatedAt = createdAt,
        Lines = [new AnalyticsOrderLine { ProductId = "p1", Name = "Mug", Units = 3, Revenue = 30m }],
    };

    private static (int, int, decimal, int, string, string, string, string) Figures(ShardTotals t) => (
        t.TotalOrders,
        t.CancelledOrders,
        t.Revenue,
        t.Registrations,
        string.Join(",", t.OrdersByStatus.Select(s => $"{s.Key}={s.Value}")),
        string.Join(",", t.Hours.OrderBy(h => h.Key).Select(h => $"{h.Key:O}={h.Value.Orders}/{h.Value.Revenue}/{h.Value.Cancelled}")),
        string.Join(",", t.Products.OrderBy(p => p.Key).Select(p => $"{p.Key}={p.Value.Units}/{p.Value.Revenue}")),
        string.Join(",", t.Days.OrderBy(d => d.Key).Select(d => $"{d.Key:O}={d.Value.Orders}/{d.Value.Revenue}/{d.Value.Cancelled}")));
}

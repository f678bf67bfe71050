using EcommerceBackend.Contracts.Analytics;
using EcommerceBackend.Contracts.Orders;
using EcommerceBackend.Grains.Analytics;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace EcommerceBackend.Grains.Tests.Analytics;

/// <summary>
/// A shard's stored state keeps its format across the move of its totals from the contract's <c>AnalyticsTotals</c>
/// (then a mutable class) to the grains' <see cref="ShardTotals"/>: a state stored before reads the same today, and
/// the totals a shard answers read the same on either side of an upgrade.
/// </summary>
public sealed class AnalyticsShardStateFormatTests
{
    private static readonly DateTimeOffset Hour = new(2030, 5, 10, 14, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Folded = new(2030, 2, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_shard_state_stored_while_the_totals_were_the_contracts_class_reads_with_every_figure()
    {
        using var services = new ServiceCollection().AddSerializer().BuildServiceProvider();
        var before = new ShardStateBefore
        {
            Version = 7,
            Totals = new TotalsBefore
            {
                TotalOrders = 3,
                CancelledOrders = 1,
                Revenue = 42.50m,
                OrdersByStatus = { [OrderStatus.Pending] = 2, [OrderStatus.Cancelled] = 1 },
                Hours = { [Hour] = new SalesBefore { Orders = 2, Revenue = 42.50m, Cancelled = 0 } },
                Products = { ["p1"] = new ProductSalesBefore { Name = "Mug", NamedAt = Hour, Units = 4, Revenue = 42.50m } },
                Registrations = 2,
                Days = { [Folded.AddDays(-3)] = new SalesBefore { Orders = 1, Revenue = 0m, Cancelled = 1 } },
                FoldedBefore = Folded,
            },
            Products = { ["p1"] = new AnalyticsProductRecord { Version = 3, Name = "Mug", Stock = 2 } },
        };

        var bytes = services.GetRequiredService<Serializer<ShardStateBefore>>().SerializeToArray(before);
        var state = services.GetRequiredService<Serializer<AnalyticsShardState>>().Deserialize(bytes)!;

        var totals = state.Totals;
        Assert.Equal(7, state.Version);
        Assert.Equal((3, 1, 42.50m, 2, Folded), (totals.TotalOrders, totals.CancelledOrders, totals.Revenue, totals.Registrations, totals.FoldedBefore));
        Assert.Equal(new Dictionary<OrderStatus, int> { [OrderStatus.Pending] = 2, [OrderStatus.Cancelled] = 1 }, totals.OrdersByStatus);
        Assert.Equal((2, 42.50m, 0), Figures(Assert.Single(totals.Hours, h => h.Key == Hour).Value));
        Assert.Equal((1, 0m, 1), Figures(Assert.Single(totals.Days, d => d.Key == Folded.AddDays(-3)).Value));
        var mug = Assert.Single(totals.Products, p => p.Key == "p1").Value;
        Assert.Equal(("Mug", Hour, 4, 42.50m), (mug.Name, mug.NamedAt, mug.Units, mug.Revenue));
        Assert.Equal(3, state.Products["p1"].Version);

        // And a change goes on from there.
        totals.AddSales(Hour.AddMinutes(5), 1, 10m, 0);
        Assert.Equal((3, 52.50m, 0), Figures(totals.Hours[Hour]));
    }

    [Fact]
    public void Totals_a_shard_of_the_previous_version_answers_read_here_and_the_other_way_round()
    {
        // During a rolling upgrade a silo of either version may ask a shard of the other.
        using var services = new ServiceCollection().AddSerializer().BuildServiceProvider();
        var before = new TotalsBefore { TotalOrders = 3, OrdersByStatus = { [OrderStatus.Pending] = 2 }, Hours = { [Hour] = new SalesBefore { Orders = 2, Revenue = 5m } } };

        var totals = services.GetRequiredService<Serializer<AnalyticsTotals>>().Deserialize(services.GetRequiredService<Serializer<TotalsBefore>>().SerializeToArray(before))!;
        Assert.Equal((3, 2, 2, 5m), (totals.TotalOrders, totals.OrdersByStatus[OrderStatus.Pending], totals.Hours[Hour].Orders, totals.Hours[Hour].Revenue));

        var back = services.GetRequiredService<Serializer<TotalsBefore>>().Deserialize(services.GetRequiredService<Serializer<AnalyticsTotals>>().SerializeToArray(totals))!;
        Assert.Equal((3, 2, 2, 5m), (back.TotalOrders, back.OrdersByStatus[OrderStatus.Pending], back.Hours[Hour].Orders, back.Hours[Hour].Revenue));
    }

    private static (int, decimal, int) Figures(SalesTotals sales) => (sales.Orders, sales.Revenue, sales.Cancelled);
}

// The shapes the shard stored and answered before, field for field, a record where it was one (Orleans lays records
// out differently from classes). The fields are declared with their exact types, so no type name is written.
[GenerateSerializer]
internal sealed record ShardStateBefore
{
    [Id(0)] public long Version { get; set; }

    [Id(1)] public TotalsBefore Totals { get; init; } = new();

    [Id(2)] public Dictionary<string, AnalyticsPendingChange> Pending { get; init; } = [];

    [Id(3)] public Dictionary<string, AnalyticsProductRecord> Products { get; init; } = [];
}

[GenerateSerializer]
internal sealed class TotalsBefore
{
    [Id(0)] public int TotalOrders { get; set; }

    [Id(1)] public int CancelledOrders { get; set; }

    [Id(2)] public decimal Revenue { get; set; }

    [Id(3)] public Dictionary<OrderStatus, int> OrdersByStatus { get; init; } = [];

    [Id(4)] public Dictionary<DateTimeOffset, SalesBefore> Hours { get; init; } = [];

    [Id(5)] public Dictionary<string, ProductSalesBefore> Products { get; init; } = [];

    [Id(6)] public int Registrations { get; set; }

    [Id(7)] public Dictionary<DateTimeOffset, SalesBefore> Days { get; init; } = [];

    [Id(8)] public DateTimeOffset FoldedBefore { get; set; }
}

[GenerateSerializer]
internal sealed class SalesBefore
{
    [Id(0)] public int Orders { get; set; }

    [Id(1)] public decimal Revenue { get; set; }

    [Id(2)] public int Cancelled { get; set; }
}

[GenerateSerializer]
internal sealed class ProductSalesBefore
{
    [Id(0)] public string Name { get; set; } = "";

    [Id(1)] public DateTimeOffset NamedAt { get; set; }

    [Id(2)] public int Units { get; set; }

    [Id(3)] public decimal Revenue { get; set; }
}

using System.Diagnostics;
using System.Globalization;
using EcommerceBackend.Contracts;
using EcommerceBackend.Contracts.Analytics;
using EcommerceBackend.Contracts.Customers;
using EcommerceBackend.Contracts.Orders;
using EcommerceBackend.Contracts.Products;
using EcommerceBackend.Grains.Analytics;
using EcommerceBackend.Grains.Customers;
using EcommerceBackend.Grains.Orders;
using EcommerceBackend.Grains.Products;
using Orleans.Streaming.RabbitMQ.Tests.Infrastructure;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace EcommerceBackend.Grains.Tests.Analytics;

/// <summary>
/// The accuracy test kills a silo of a three-silo cluster of its own and keeps two cores busy: it runs alone, not
/// beside the other test classes, whose timings it would disturb (and which would disturb its own).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AnalyticsAccuracyCollection
{
    public const string Name = "analytics-accuracy";
}

/// <summary>
/// The analytics, fed by the event streams on RabbitMQ through a silo failure, equal the totals computed directly
/// from the orders, products and customers the grains hold afterwards.
/// </summary>
[Collection(AnalyticsAccuracyCollection.Name)]
public sealed class AnalyticsAccuracyTests(ITestOutputHelper output)
{
    /// <summary>Set to replay a run's random choices (the interleaving of concurrent calls still varies).</summary>
    public const string SeedVariable = "ANALYTICS_ACCURACY_SEED";

    private static readonly TimeSpan ConvergenceDeadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task After_hundreds_of_random_orders_moves_and_cancellations_with_a_silo_killed_midway_the_analytics_equal_the_totals_of_the_orders()
    {
        var seed = Environment.GetEnvironmentVariable(SeedVariable) is { Length: > 0 } given
            ? int.Parse(given, CultureInfo.InvariantCulture)
            : Random.Shared.Next();
        output.WriteLine($"seed {seed} (replay with {SeedVariable}={seed})");
        var clock = Stopwatch.StartNew();
        await using var cluster = await AccuracyCluster.StartAsync();
        output.WriteLine($"[{clock.Elapsed:mm\\:ss\\.f}] three silos up, service id {cluster.ServiceId}");

        var workload = new AccuracyWorkload(cluster, seed, output, clock);
        await workload.RunAsync();

        // The truth is what the grains hold now. Reading every order, product and customer also activates the ones
        // that lived on the killed silo, whose outboxes may still hold events that never went out.
        var expected = await ExpectedTotals.ReadAsync(cluster.Grains, workload);
        output.WriteLine($"[{clock.Elapsed:mm\\:ss\\.f}] read back ({workload.Retries} call(s) retried in all): {expected.Describe()}");

        var analytics = cluster.Grains.GetGrain<IAnalyticsGrain>(AnalyticsGrainKeys.Global);
        var differences = await ConvergeAsync(analytics, expected);
        var deadLetters = await cluster.DeadLetterCountAsync();
        Assert.True(
            differences.Count == 0,
            $"seed {seed}: the analytics did not equal the orders within {ConvergenceDeadline.TotalSeconds} s "
            + $"({deadLetters} event(s) dead-lettered). Differences (expected vs actual):\n  " + string.Join("\n  ", differences));
        output.WriteLine($"[{clock.Elapsed:mm\\:ss\\.f}] the analytics equal the orders; {deadLetters} event(s) dead-lettered");
    }

    /// <summary>
    /// Polls the analytics until they equal <paramref name="expected"/> and still do after two more refresh
    /// intervals (an event redelivered late would count twice after a first match), or the deadline passes.
    /// Returns the differences last seen: none on success.
    /// </summary>
    private async Task<IReadOnlyList<string>> ConvergeAsync(IAnalyticsGrain analytics, ExpectedTotals expected)
    {
        var clock = Stopwatch.StartNew();
        var stableFor = TimeSpan.FromMilliseconds(AccuracyCluster.RefreshIntervalMs * 2);
        TimeSpan? equalSince = null;
        IReadOnlyList<string> differences = ["no answer yet"];
        try
        {
            await Eventually.Until(
                "the analytics to equal the orders and stay equal",
                async () =>
                {
                    try
                    {
                        differences = expected.Compare(await AnalyticsView.ReadAsync(analytics, expected));
                    }
                    catch (Exception ex) when (ex is not XunitException)
                    {
                        differences = [$"reading the analytics failed: {ex.GetType().Name}: {ex.Message.Split('\n')[0]}"];
                    }

                    if (differences.Count > 0)
                    {
                        if (equalSince is not null)
                        {
                            output.WriteLine($"  after {clock.Elapsed.TotalSeconds:0.0} s they differ again: {string.Join("; ", differences)}");
                        }

                        equalSince = null;
                    }
                    else if (equalSince is null)
                    {
                        equalSince = clock.Elapsed;
                        output.WriteLine($"  the analytics equal the orders after {clock.Elapsed.TotalSeconds:0.0} s of polling");
                    }

                    return equalSince is { } since && clock.Elapsed - since >= stableFor;
                },
                stable => stable,
                ConvergenceDeadline);
            return [];
        }
        catch (TimeoutException)
        {
            // The caller reports what still differed.
            return differences;
        }
    }

    /// <summary>One sales bucket, as expected or as answered.</summary>
    private sealed record BucketRow(DateTimeOffset Start, int Orders, decimal Revenue, int Cancelled)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Start:yyyy-MM-ddTHH:mm}Z orders {Orders} revenue {Revenue} cancelled {Cancelled}");
    }

    /// <summary>One product's sales, as expected or as answered.</summary>
    private sealed record ProductRow(string ProductId, string Name, int Units, decimal Revenue)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{ProductId[^6..]} units {Units} revenue {Revenue}");
    }

    /// <summary>One product under the threshold, as expected or as answered.</summary>
    private sealed record LowStockRow(string ProductId, string Name, int Stock, int Threshold)
    {
        public override string ToString() => $"{ProductId[^6..]} stock {Stock} < {Threshold}";
    }

    /// <summary>What the analytics answer, in the shape of <see cref="ExpectedTotals"/>.</summary>
    private sealed record AnalyticsView(
        AnalyticsSummary Summary,
        IReadOnlyList<BucketRow> Hourly,
        IReadOnlyList<BucketRow> Daily,
        IReadOnlyList<ProductRow> ByUnits,
        IReadOnlyList<ProductRow> ByRevenue,
        IReadOnlyList<ProductRow> TopThreeByUnits,
        IReadOnlyList<ProductRow> TopThreeByRevenue)
    {
        public static async Task<AnalyticsView> ReadAsync(IAnalyticsGrain analytics, ExpectedTotals expected)
        {
            var summary = await analytics.GetSummaryAsync();
            var hourly = await analytics.GetSalesAsync(expected.HoursFrom, expected.HoursTo, SalesInterval.Hour);
            var daily = await analytics.GetSalesAsync(expected.DaysFrom, expected.DaysTo, SalesInterval.Day);
            var limit = expected.ProductCount;
            return new AnalyticsView(
                summary,
                Buckets(hourly),
                Buckets(daily),
                Products(await analytics.GetTopProductsAsync(TopProductsBy.Units, limit)),
                Products(await analytics.GetTopProductsAsync(TopProductsBy.Revenue, limit)),
                Products(await analytics.GetTopProductsAsync(TopProductsBy.Units, 3)),
                Products(await analytics.GetTopProductsAsync(TopProductsBy.Revenue, 3)));
        }

        // Empty buckets carry nothing to compare, whether the grain lists them or not.
        private static List<BucketRow> Buckets(IEnumerable<SalesBucket> buckets) =>
            [.. buckets.Where(b => b.Orders != 0 || b.Revenue != 0 || b.Cancelled != 0).Select(b => new BucketRow(b.Start, b.Orders, b.Revenue, b.Cancelled))];

        private static List<ProductRow> Products(IEnumerable<TopProduct> products) =>
            [.. products.Select(p => new ProductRow(p.ProductId, p.Name, p.Units, p.Revenue))];
    }

    /// <summary>The totals the analytics must show, computed from the grains' own records at the end of the run.</summary>
    private sealed record ExpectedTotals(
        IReadOnlyList<OrderDetails> Orders,
        IReadOnlyList<ProductDetails> Products,
        int Registrations)
    {
        private IEnumerable<OrderDetails> Kept => Orders.Where(o => o.Status != OrderStatus.Cancelled);

        public int TotalOrders => Orders.Count;

        public int Cancelled => Orders.Count(o => o.Status == OrderStatus.Cancelled);

        public decimal Revenue => Kept.Sum(o => o.Total);

        public int ProductCount => Products.Count;

        public DateTimeOffset HoursFrom => Hour(Orders.Min(o => o.CreatedAt));

        public DateTimeOffset HoursTo => Hour(Orders.Max(o => o.CreatedAt)).AddHours(1);

        public DateTimeOffset DaysFrom => Day(Orders.Min(o => o.CreatedAt));

        public DateTimeOffset DaysTo => Day(Orders.Max(o => o.CreatedAt)).AddDays(1);

        public static async Task<ExpectedTotals> ReadAsync(IGrainFactory grains, AccuracyWorkload workload)
        {
            var orders = await Task.WhenAll(workload.OrderIds.Select(id => workload.RetryAsync(() => grains.GetGrain<IOrderGrain>(id).GetAsync())));
            var products = await Task.WhenAll(workload.ProductIds.Select(id => workload.RetryAsync(() => grains.GetGrain<IProductGrain>(id).GetAsync())));
            var customers = await Task.WhenAll(workload.CustomerIds.Select(id => workload.RetryAsync(() => grains.GetGrain<ICustomerGrain>(id).GetProfileAsync())));
            Assert.All(products, p => Assert.NotNull(p));
            return new ExpectedTotals([.. orders.OfType<OrderDetails>()], [.. products.OfType<ProductDetails>()], customers.Count(c => c is not null));
        }

        public string Describe() => string.Create(
            CultureInfo.InvariantCulture,
            $"{TotalOrders} orders ({string.Join(", ", ByStatus().Select(s => $"{s.Key} {s.Value}"))}), revenue {Revenue}, "
            + $"{Registrations} registrations, {LowStock().Count} product(s) low on stock, created {HoursFrom:HH:mm}–{HoursTo:HH:mm} UTC");

        /// <summary>Every difference between these totals and <paramref name="actual"/>, each as "what: expected vs actual".</summary>
        public IReadOnlyList<string> Compare(AnalyticsView actual)
        {
            var differences = new List<string>();
            var summary = actual.Summary;
            Same("TotalOrders", TotalOrders, summary.TotalOrders);
            Same("CancelledOrders", Cancelled, summary.CancelledOrders);
            Same("Revenue", Revenue, summary.Revenue);
            Same("Registrations", Registrations, summary.Registrations);
            var average = TotalOrders - Cancelled == 0 ? 0m : Revenue / (TotalOrders - Cancelled);
            // The division has more digits than money; a grain that rounds to cents is as right as one that does not.
            if (Math.Abs(average - summary.AverageOrderValue) >= 0.01m)
            {
                differences.Add(string.Create(CultureInfo.InvariantCulture, $"AverageOrderValue: {average:0.####} vs {summary.AverageOrderValue}"));
            }

            var rate = TotalOrders == 0 ? 0d : (double)Cancelled / TotalOrders;
            if (Math.Abs(rate - summary.CancellationRate) > 1e-6)
            {
                differences.Add(string.Create(CultureInfo.InvariantCulture, $"CancellationRate: {rate:0.######} vs {summary.CancellationRate}"));
            }

            SameList("OrdersByStatus", Format(ByStatus()), Format(summary.OrdersByStatus.Where(s => s.Value != 0)));
            if (!summary.LowStockProducts.Select(p => p.Stock).SequenceEqual(summary.LowStockProducts.Select(p => p.Stock).Order()))
            {
                differences.Add($"LowStockProducts: not lowest stock first: [{string.Join("; ", summary.LowStockProducts.Select(p => p.Stock))}]");
            }

            SameList("LowStockProducts", LowStock(), [.. summary.LowStockProducts.Select(p => new LowStockRow(p.ProductId, p.Name, p.Stock, p.Threshold)).OrderBy(p => p.ProductId, StringComparer.Ordinal)]);
            SameList("hourly sales", Buckets(Hour), actual.Hourly.Where(b => b.Start >= HoursFrom && b.Start < HoursTo).ToList());
            SameList("hourly sales outside the run", [], actual.Hourly.Where(b => b.Start < HoursFrom || b.Start >= HoursTo).ToList());
            SameList("daily sales", Buckets(Day), actual.Daily.Where(b => b.Start >= DaysFrom && b.Start < DaysTo).ToList());
            SameList("daily sales outside the run", [], actual.Daily.Where(b => b.Start < DaysFrom || b.Start >= DaysTo).ToList());
            Top("top products by units", p => p.Units, actual.ByUnits, actual.TopThreeByUnits);
            Top("top products by revenue", p => p.Revenue, actual.ByRevenue, actual.TopThreeByRevenue);
            return differences;

            void Same<T>(string what, T expected, T answered)
            {
                if (!EqualityComparer<T>.Default.Equals(expected, answered))
                {
                    differences.Add(string.Create(CultureInfo.InvariantCulture, $"{what}: {expected} vs {answered}"));
                }
            }

            void SameList<T>(string what, IReadOnlyList<T> expected, IReadOnlyList<T> answered)
            {
                if (!expected.SequenceEqual(answered))
                {
                    differences.Add($"{what}: [{string.Join("; ", expected)}] vs [{string.Join("; ", answered)}]");
                }
            }

            // Products with the same score may come in either order: the list must hold the expected rows, best first.
            void Top<TKey>(string what, Func<ProductRow, TKey> score, IReadOnlyList<ProductRow> full, IReadOnlyList<ProductRow> three)
                where TKey : IComparable<TKey>
            {
                var expected = Sales().OrderByDescending(score).ThenBy(p => p.ProductId, StringComparer.Ordinal).ToList();
                SameList(what, expected, [.. full.OrderByDescending(score).ThenBy(p => p.ProductId, StringComparer.Ordinal)]);
                if (!full.Select(score).SequenceEqual(full.Select(score).OrderDescending()))
                {
                    differences.Add($"{what}: not best first: [{string.Join("; ", full)}]");
                }

                var expectedScores = expected.Take(3).Select(score).ToList();
                if (!three.Select(score).SequenceEqual(expectedScores) || !three.All(expected.Contains))
                {
                    differences.Add($"{what}, limit 3: [{string.Join("; ", expected.Take(3))}] (or ties) vs [{string.Join("; ", three)}]");
                }
            }
        }

        private static DateTimeOffset Hour(DateTimeOffset t) => new(t.UtcDateTime.Year, t.UtcDateTime.Month, t.UtcDateTime.Day, t.UtcDateTime.Hour, 0, 0, TimeSpan.Zero);

        private static DateTimeOffset Day(DateTimeOffset t) => new(t.UtcDateTime.Date, TimeSpan.Zero);

        private static List<string> Format(IEnumerable<KeyValuePair<OrderStatus, int>> counts) =>
            [.. counts.OrderBy(s => s.Key).Select(s => $"{s.Key} {s.Value}")];

        private Dictionary<OrderStatus, int> ByStatus() => Orders.GroupBy(o => o.Status).ToDictionary(g => g.Key, g => g.Count());

        private List<BucketRow> Buckets(Func<DateTimeOffset, DateTimeOffset> truncate) =>
        [
            .. Orders.GroupBy(o => truncate(o.CreatedAt)).OrderBy(g => g.Key).Select(g => new BucketRow(
                g.Key,
                g.Count(),
                g.Where(o => o.Status != OrderStatus.Cancelled).Sum(o => o.Total),
                g.Count(o => o.Status == OrderStatus.Cancelled))),
        ];

        private List<ProductRow> Sales() =>
        [
            .. Kept.SelectMany(o => o.Items).GroupBy(l => l.ProductId).Select(g => new ProductRow(g.Key, g.First().Name, g.Sum(l => l.Quantity), g.Sum(l => l.LineTotal))),
        ];

        private List<LowStockRow> LowStock() =>
        [
            .. Products.Where(p => p.Stock < AccuracyCluster.LowStockThreshold)
                .OrderBy(p => p.Id, StringComparer.Ordinal)
                .Select(p => new LowStockRow(p.Id, p.Name, p.Stock, AccuracyCluster.LowStockThreshold)),
        ];
    }
}

using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using EcommerceBackend.Api.Tests.Infrastructure;

namespace EcommerceBackend.Api.Tests.Orders;

/// <summary>Many orders at once over HTTP: stock is never oversold and all-or-none holds under contention.</summary>
[Collection(ApiCollection.Name)]
public sealed class OrderConcurrencyTests(ApiFixture app)
{
    private const int Parallelism = 32;

    [Fact]
    public async Task Two_hundred_concurrent_one_unit_orders_against_a_stock_of_50_sell_exactly_50()
    {
        var product = await app.NewProductAsync(price: 2.5m, stock: 50);
        var customers = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => app.RegisterCustomerAsync()));
        var clients = customers.Select(c => app.CreateClient(c.Token)).ToArray();
        var answers = new ConcurrentBag<(HttpStatusCode Status, JsonObject Body)>();

        try
        {
            await Parallel.ForEachAsync(
                Enumerable.Range(0, 200),
                new ParallelOptions { MaxDegreeOfParallelism = Parallelism },
                async (i, _) =>
                {
                    var who = i % customers.Length;
                    using var response = await clients[who].PostOrderAsync(OrderApi.Body(customers[who].Id, new Line(product, 1)));
                    var body = response.StatusCode == HttpStatusCode.Created
                        ? await response.ExpectJsonAsync(HttpStatusCode.Created)
                        : await response.ExpectProblemAsync(HttpStatusCode.Conflict);
                    answers.Add((response.StatusCode, body));
                });
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }

        Assert.Equal("201×50, 409×150", OrderApi.Tally(answers.Select(a => a.Status)));
        var created = answers.Where(a => a.Status == HttpStatusCode.Created).Select(a => OrderApi.Id(a.Body)).ToList();
        Assert.Equal(50, created.Distinct().Count());
        Assert.All(answers.Where(a => a.Status == HttpStatusCode.Conflict), a =>
        {
            Assert.Equal(product, a.Body["productId"]!.GetValue<string>());
            Assert.Equal(1, a.Body["requested"]!.GetValue<int>());
            Assert.Equal(0, a.Body["available"]!.GetValue<int>());
        });
        Assert.Equal(0, await app.StockAsync(product));

        // Every sold unit is on exactly one customer's list.
        var listed = new List<string>();
        foreach (var customer in customers)
        {
            listed.AddRange(await app.OrderIdsOfAsync(customer.Id));
        }

        Assert.Equal(created.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Concurrent_two_product_orders_in_both_line_orders_take_both_units_or_neither()
    {
        // The scarce product runs out while the plentiful one has units left: no order may keep a unit of the
        // plentiful product without one of the scarce, whichever line it names first. (The plentiful stock covers
        // every request, so units held for a moment by a failing order never make another order fail.)
        var scarce = await app.NewProductAsync(stock: 10);
        var plentiful = await app.NewProductAsync(stock: 60);
        var customers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => app.RegisterCustomerAsync()));
        var clients = customers.Select(c => app.CreateClient(c.Token)).ToArray();
        var statuses = new ConcurrentBag<HttpStatusCode>();

        try
        {
            await Parallel.ForEachAsync(
                Enumerable.Range(0, 40),
                new ParallelOptions { MaxDegreeOfParallelism = Parallelism },
                async (i, _) =>
                {
                    var who = i % customers.Length;
                    Line[] lines = i % 2 == 0 ? [new(scarce, 1), new(plentiful, 1)] : [new(plentiful, 1), new(scarce, 1)];
                    using var response = await clients[who].PostOrderAsync(OrderApi.Body(customers[who].Id, lines));
                    if (response.StatusCode != HttpStatusCode.Created)
                    {
                        var problem = await response.ExpectProblemAsync(HttpStatusCode.Conflict);
                        Assert.Equal(scarce, problem["productId"]!.GetValue<string>());
                    }

                    statuses.Add(response.StatusCode);
                });
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }

        Assert.Equal("201×10, 409×30", OrderApi.Tally(statuses));
        Assert.Equal(new[] { 0, 50 }, await app.StocksAsync(scarce, plentiful));
    }
}

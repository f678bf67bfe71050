using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using EcommerceBackend.Api.Tests.Infrastructure;
using EcommerceBackend.Api.Tests.Orders;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Orleans.Streaming.RabbitMQ.Tests.Infrastructure;

namespace EcommerceBackend.Api.Tests.Analytics;

/// <summary><c>/hubs/analytics</c>: an admin hears the summary on connecting, then its changes, coalesced to one per refresh interval.</summary>
[Collection(ApiCollection.Name)]
public sealed class AnalyticsHubTests(ApiFixture app) : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private readonly HubClients _hubs = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _hubs.DisposeAsync().AsTask();

    [Fact]
    public async Task An_admin_hears_the_summary_on_connecting_then_a_burst_of_orders_as_few_rising_summaries()
    {
        var customer = await app.RegisterCustomerAsync();
        var productId = await app.NewProductAsync(stock: 100);
        var summaries = new ConcurrentQueue<(TimeSpan At, JsonElement Summary)>();
        var clock = Stopwatch.StartNew();
        var connection = Connect(await app.AdminTokenAsync());
        connection.On<JsonElement>("summary", s => summaries.Enqueue((clock.Elapsed, s.Clone())));
        await connection.StartAsync();

        var first = (await WaitForAsync(summaries, _ => true)).Summary;
        var burstStarted = clock.Elapsed;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => app.PlaceAsync(customer, new Line(productId, 1))));

        await WaitForAsync(summaries, s => TotalOrders(s) >= TotalOrders(first) + 8);
        var pushed = summaries.Skip(1).ToList();
        var versions = summaries.Select(s => s.Summary.GetProperty("version").GetInt64()).ToList();
        Assert.Equal(versions.Order(), versions);
        Assert.Equal(versions.Count, versions.Distinct().Count());
        // 8 orders make 17 events (orders and stock); at most one summary per refresh interval goes out for them.
        var interval = TimeSpan.FromMilliseconds(ApiFixture.AnalyticsRefreshIntervalMs);
        var span = pushed[^1].At - burstStarted;
        Assert.True(
            pushed.Count <= (span / interval) + 2,
            $"{pushed.Count} summaries in {span.TotalMilliseconds:0} ms: more than one per {interval.TotalMilliseconds:0} ms");
    }

    private static int TotalOrders(JsonElement summary) => summary.GetProperty("totalOrders").GetInt32();

    private HubConnection Connect(string token) => _hubs.Connect(new Uri(app.BaseAddress, "/hubs/analytics"), token);

    private static async Task<(TimeSpan At, JsonElement Summary)> WaitForAsync(ConcurrentQueue<(TimeSpan At, JsonElement Summary)> summaries, Func<JsonElement, bool> match) =>
        (await Eventually.Until("a matching summary (the summaries heard are the last seen)", () => summaries.ToList(), heard => heard.Exists(e => match(e.Summary)), Deadline))
            .Find(e => match(e.Summary));
}

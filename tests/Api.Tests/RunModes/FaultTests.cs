using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using EcommerceBackend.Api.Tests.Infrastructure;
using EcommerceBackend.Api.Tests.Orders;
using Orleans.Streaming.RabbitMQ.Tests.Infrastructure;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using Xunit.Abstractions;

namespace EcommerceBackend.Api.Tests.RunModes;

/// <summary>Cluster mode as processes under faults: a store that refuses writes, a silo killed with <c>kill -9</c>.</summary>
[Collection(ProcessCollection.Name)]
public sealed class FaultTests(ITestOutputHelper output)
{
    // Short on purpose, so the test shows the bound within seconds; the README states the window for the defaults.
    private static readonly TimeSpan FlushDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RecoveryInterval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(1);
    private const int MissedProbes = 2;

    /// <summary>
    /// How late an event may come again after a silo dies: its removal waits up to the flush delay, the cluster takes
    /// about the missed probes to declare the silo dead, and a survivor claims its journal at its next recovery round.
    /// The last term allows for two loaded cores (the silos, the API, Redis, RabbitMQ and this test share them).
    /// </summary>
    private static readonly TimeSpan ReplayWindow = FlushDelay + (ProbeTimeout * (MissedProbes + 1)) + RecoveryInterval + TimeSpan.FromSeconds(6);

    [Fact]
    public async Task While_Redis_refuses_writes_changes_answer_503_nothing_unstored_is_served_and_the_same_requests_succeed_after()
    {
        await using var redis = await RedisServerProcess.StartAsync();
        // The longest flush delay, longer than the refused writes take: the product's outbox still holds its creation event when writes are
        // refused, so the activation after the failed change must take that event up again and still serve reads.
        await using var cluster = new ProcessCluster(redis.ConnectionString, new Dictionary<string, string> { ["Events__FlushDelay"] = "00:00:10" });
        cluster.StartSilo("silo");
        var (_, client) = cluster.StartApi("api");
        using var _ = client;
        await cluster.WaitForSilosAsync(client, 1);
        var admin = await cluster.AdminTokenAsync(client);
        var (customerId, customer) = await ProcessCluster.RegisterAsync(client);
        var productId = await ProcessCluster.CreateProductAsync(client, admin, price: 10m, stock: 20);
        var before = await GetProductAsync(client, productId);
        var change = new JsonObject { ["price"] = 1m, ["stock"] = 5 };
        var order = OrderApi.Body(customerId, new Line(productId, 2));
        var key = $"refused-{Guid.NewGuid():N}";

        await redis.RefuseWritesAsync();
        try
        {
            using var put = await SendAsync(client, HttpMethod.Put, $"/api/products/{productId}", admin, change);
            await AssertUnavailableAsync(put);
            Assert.Equal(before.ToJsonString(), (await GetProductAsync(client, productId)).ToJsonString());

            using var placed = await SendAsync(client, HttpMethod.Post, "/api/orders", customer, order, key);
            await AssertUnavailableAsync(placed);
        }
        finally
        {
            await redis.AcceptWritesAsync();
        }

        Assert.Equal(before.ToJsonString(), (await GetProductAsync(client, productId)).ToJsonString());

        // The retried order is placed (not replayed: nothing was stored), at the price that was stored.
        using var retried = await SendAsync(client, HttpMethod.Post, "/api/orders", customer, order, key);
        var created = await retried.ExpectJsonAsync(HttpStatusCode.Created);
        Assert.False(retried.Headers.Contains(OrderApi.ReplayedHeader));
        Assert.Equal(10m, created["items"]![0]!["unitPrice"]!.GetValue<decimal>());
        Assert.Equal(18, (await GetProductAsync(client, productId))["stock"]!.GetValue<int>());

        using var updated = await SendAsync(client, HttpMethod.Put, $"/api/products/{productId}", admin, change);
        Assert.Equal(1m, (await updated.ExpectJsonAsync(HttpStatusCode.OK))["price"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task After_kill_9_of_a_silo_every_acknowledged_order_is_published_and_no_event_comes_again_later_than_the_replay_window()
    {
        await using var cluster = new ProcessCluster(TestRedis.ConnectionString, new Dictionary<string, string>
        {
            ["Events__FlushDelay"] = FlushDelay.ToString("c", CultureInfo.InvariantCulture),
            ["Events__RecoveryInterval"] = RecoveryInterval.ToString("c", CultureInfo.InvariantCulture),
            ["Cluster__Membership__ProbeTimeout"] = ProbeTimeout.ToString("c", CultureInfo.InvariantCulture),
            ["Cluster__Membership__NumMissedProbesLimit"] = MissedProbes.ToString(CultureInfo.InvariantCulture),
            ["Cluster__Membership__NumVotesForDeathDeclaration"] = "1",
        });
        var victim = cluster.StartSilo("silo 1");
        cluster.StartSilo("silo 2");
        var (_, client) = cluster.StartApi("api");
        using var _ = client;
        await cluster.WaitForSilosAsync(client, 2);
        var admin = await cluster.AdminTokenAsync(client);
        var customers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => ProcessCluster.RegisterAsync(client)));
        var products = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => ProcessCluster.CreateProductAsync(client, admin, price: 3m, stock: 1_000_000)));
        await using var reader = await OrderEventReader.StartAsync(customers.Select(c => c.Id).ToHashSet());

        // A careful client: one Idempotency-Key per order, retried on 5xx and timeouts until it is acknowledged.
        var acknowledged = new ConcurrentDictionary<string, string>();
        var failures = new ConcurrentQueue<(DateTime At, string What)>();
        using var loadEnds = new CancellationTokenSource(TimeSpan.FromSeconds(8));
        var loops = customers.Select((c, i) => Task.Run(async () =>
        {
            for (var n = 0; !loadEnds.IsCancellationRequested; n++)
            {
                var key = $"{c.Id}-{n}";
                var body = OrderApi.Body(c.Id, new Line(products[(i + n) % products.Length], 1), new Line(products[(i + (3 * n) + 1) % products.Length], 2));
                acknowledged[key] = await PlaceUntilAcknowledgedAsync(client, c.Token, body, key, failures);
            }
        })).ToList();

        await Task.Delay(TimeSpan.FromSeconds(2));
        var killedAt = DateTime.UtcNow;
        victim.Kill();
        await Task.WhenAll(loops);

        // Every acknowledged order's order.created comes out, those of the dead silo's grains too.
        var orders = acknowledged.Values.ToHashSet();
        await reader.WaitForAsync(orders, TimeSpan.FromSeconds(60), cluster.Output);

        // Once the window after the kill has passed, reading every order (which activates each order grain again)
        // publishes nothing more: no grain holds an event it might send again later.
        var windowEnds = killedAt + ReplayWindow;
        if (windowEnds > DateTime.UtcNow)
        {
            await Task.Delay(windowEnds - DateTime.UtcNow);
        }

        var readsStart = DateTime.UtcNow;
        foreach (var (orderId, token) in acknowledged.Select(a => (a.Value, customers.First(c => a.Key.StartsWith(c.Id, StringComparison.Ordinal)).Token)))
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/orders/{orderId}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await client.SendAsync(request);
            await response.ExpectJsonAsync(HttpStatusCode.OK);
        }

        // Absence cannot be awaited: give a republished event the time a woken grain takes to publish, and look.
        await Task.Delay(FlushDelay + RecoveryInterval + TimeSpan.FromSeconds(2));
        var arrivals = reader.Arrivals();
        var repeats = arrivals.Where(a => a.Value.Count > 1).ToDictionary(a => a.Key, a => a.Value[^1] - a.Value[0]);
        output.WriteLine(
            $"{orders.Count} orders acknowledged; {arrivals.Count} distinct order events read, {repeats.Count} of them more than once "
            + $"(latest repeat {(repeats.Count == 0 ? 0 : repeats.Values.Max().TotalSeconds):0.0} s after the first; window {ReplayWindow.TotalSeconds:0} s); "
            + $"client-visible failures: {failures.Count} ({string.Join(", ", failures.GroupBy(f => f.What).Select(g => $"{g.Key} x{g.Count()}"))}), "
            + $"the last {(failures.IsEmpty ? 0 : (failures.Max(f => f.At) - killedAt).TotalSeconds):0.0} s after the kill");

        output.WriteLine(string.Join("\n", cluster.Output().Split('\n').Where(l => l.Contains("outbox journal", StringComparison.Ordinal))));
        Assert.DoesNotContain(failures, f => f.What == "500");
        Assert.All(repeats, r => Assert.True(r.Value <= ReplayWindow, $"event {r.Key} came again {r.Value.TotalSeconds:0.0} s after it first came"));
        var late = arrivals.Where(a => a.Value.Any(t => t >= readsStart)).Select(a => a.Key).ToList();
        Assert.True(late.Count == 0, $"{late.Count} event(s) were published again when their order was read: {string.Join(", ", late.Take(5))}");
    }

    private static async Task<string> PlaceUntilAcknowledgedAsync(HttpClient client, string token, JsonObject body, string key, ConcurrentQueue<(DateTime, string)> failures)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            Assert.True(DateTime.UtcNow < deadline, $"order {key} was never acknowledged");
            try
            {
                using var response = await SendAsync(client, HttpMethod.Post, "/api/orders", token, body, key);
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    return (await response.ExpectJsonAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
                }

                Assert.True((int)response.StatusCode >= 500, $"order {key}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                failures.Enqueue((DateTime.UtcNow, ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture)));
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                failures.Enqueue((DateTime.UtcNow, ex.GetType().Name));
            }

            await Task.Delay(100);
        }
    }

    private static async Task AssertUnavailableAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"expected 503, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "503 without Retry-After");
        Assert.Equal(503, JsonNode.Parse(body)!["status"]!.GetValue<int>());
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
    }

    private static async Task<JsonNode> GetProductAsync(HttpClient client, string productId)
    {
        using var response = await client.GetAsync($"/api/products/{productId}");
        return await response.ExpectJsonAsync(HttpStatusCode.OK);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, string token, JsonNode body, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = ApiFixture.Json(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (idempotencyKey is not null)
        {
            request.Headers.Add(OrderApi.IdempotencyKeyHeader, idempotencyKey);
        }

        return client.SendAsync(request);
    }

    /// <summary>A program outside the cluster reading <c>order_exchange</c>: when each order event of the test's customers arrived.</summary>
    private sealed class OrderEventReader : IAsyncDisposable
    {
        private readonly IConnection _connection;
        private readonly IChannel _channel;
        private readonly ConcurrentDictionary<string, List<DateTime>> _arrivals = new();
        private readonly ConcurrentDictionary<string, bool> _createdOrders = new();

        private OrderEventReader(IConnection connection, IChannel channel)
        {
            _connection = connection;
            _channel = channel;
        }

        public static async Task<OrderEventReader> StartAsync(IReadOnlySet<string> customers)
        {
            var connection = await new ConnectionFactory { Uri = new Uri(TestRabbitMq.ConnectionString) }.CreateConnectionAsync();
            var channel = await connection.CreateChannelAsync();
            await channel.ExchangeDeclareAsync("order_exchange", ExchangeType.Topic, durable: true);
            var queue = (await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true)).QueueName;
            await channel.QueueBindAsync(queue, "order_exchange", "order.*");
            var reader = new OrderEventReader(connection, channel);
            var consumer = new AsyncEventingBasicConsumer(channel);
            consumer.ReceivedAsync += (_, args) =>
            {
                var at = DateTime.UtcNow;
                using var json = JsonDocument.Parse(args.Body);
                var order = json.RootElement.GetProperty("data").GetProperty("order");
                if (customers.Contains(order.GetProperty("customerId").GetString()!))
                {
                    var id = json.RootElement.GetProperty("id").GetString()!;
                    var arrivals = reader._arrivals.GetOrAdd(id, _ => []);
                    lock (arrivals)
                    {
                        arrivals.Add(at);
                    }

                    if (args.RoutingKey == "order.created")
                    {
                        reader._createdOrders[order.GetProperty("id").GetString()!] = true;
                    }
                }

                return Task.CompletedTask;
            };
            await channel.BasicConsumeAsync(queue, autoAck: true, consumer);
            return reader;
        }

        public async Task WaitForAsync(IReadOnlySet<string> orders, TimeSpan timeout, Func<string> context)
        {
            try
            {
                await Eventually.Until(
                    $"order.created of all {orders.Count} acknowledged orders (the ones still missing are the last seen)",
                    () => orders.Where(o => !_createdOrders.ContainsKey(o)).ToList(),
                    missing => missing.Count == 0,
                    timeout);
            }
            catch (TimeoutException ex)
            {
                // The processes' output says why the events never came.
                throw new TimeoutException($"{ex.Message}\n{context()}", ex);
            }
        }

        public IReadOnlyDictionary<string, List<DateTime>> Arrivals() =>
            _arrivals.ToDictionary(a => a.Key, a => { lock (a.Value) { return a.Value.Order().ToList(); } });

        public async ValueTask DisposeAsync()
        {
            await _channel.CloseAsync();
            await _connection.CloseAsync();
        }
    }
}

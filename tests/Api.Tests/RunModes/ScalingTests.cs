using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using EcommerceBackend.Api.Tests.Infrastructure;
using EcommerceBackend.Api.Tests.RunModes.Scaling;
using EcommerceBackend.Contracts;
using EcommerceBackend.Contracts.Events;
using EcommerceBackend.Contracts.Orders;
using EcommerceBackend.Grains;
using EcommerceBackend.Grains.Orders;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Streaming.RabbitMQ.Tests.Infrastructure;
using RabbitMQ.Client;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace EcommerceBackend.Api.Tests.RunModes;

/// <summary>
/// Scaling as an operator does it, with <c>scripts/cluster.sh</c>: two silos and two API nodes behind the balancer
/// take a steady order loop while a third silo joins (grains and stream queues move to it), the first silo leaves
/// gracefully, and an API node leaves (its SignalR clients reconnect to the other). Prints requests, failures and
/// latency per phase.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class ScalingTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string FiguresVariable = "ECOMMERCE_TEST_FIGURES";
    private const string JwtSecret = "scaling-tests-secret-0123456789-abcdefghijklmnop";
    private const string AdminPassword = "Scaling-Adm1n";
    // The queue balancer places queues on a consistent ring: with 8 queues a third silo gets none about one time in
    // 25; with 32, about one in 400,000.
    private const int QueueCount = 32;
    private const int CustomerCount = 16;
    private const int ProductCount = 6;
    private const int InitialStock = 1_000_000;
    private const int OrdersPerSteadyPhase = 100;
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);

    private readonly string _run = $"scaling{Guid.NewGuid():N}";
    private readonly HubClients _hubs = new();
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private ClusterScript? _cluster;
    private IHost? _orleans;

    private string ServiceId => $"{_run}-service";

    private string QueuePrefix => $"{ServiceId}.{StreamProviders.Events}";

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _hubs.DisposeAsync();
        if (_orleans is not null)
        {
            await _orleans.StopAsync();
            _orleans.Dispose();
        }

        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        using var redis = await TestRedis.ConnectAsync();
        await TestRedis.DeleteKeysContainingAsync(redis, _run);

        // The run's queues are bound to the shared exchanges: left behind, they would collect every later event.
        var factory = new ConnectionFactory { Uri = new Uri(TestRabbitMq.ConnectionString) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        foreach (var queue in Enumerable.Range(0, QueueCount).Select(i => $"{QueuePrefix}.{i}").Append($"{QueuePrefix}.dead-letter"))
        {
            await channel.QueueDeleteAsync(queue);
        }

        await channel.ExchangeDeleteAsync($"{QueuePrefix}.partitions");
    }

    [Fact]
    public async Task Silos_and_api_nodes_join_and_leave_under_load_and_no_order_event_or_live_client_is_lost()
    {
        var adminEmail = $"admin-{_run}@tests.example";
        _cluster = new ClusterScript(_run, new Dictionary<string, string>
        {
            ["Cluster__ClusterId"] = $"{_run}-cluster",
            ["Cluster__ServiceId"] = ServiceId,
            ["RabbitMQ__QueueCount"] = QueueCount.ToString(CultureInfo.InvariantCulture),
            ["JWT_SECRET"] = JwtSecret,
            ["ADMIN_EMAIL"] = adminEmail,
            ["ADMIN_PASSWORD"] = AdminPassword,
            // All its customers register from 127.0.0.1, more than the default login limit allows a minute.
            ["RateLimit__LoginPermitLimit"] = ApiFixture.Unlimited,
        });
        await _cluster.RunAsync("start", "--silos", "2", "--apis", "2");
        Step("started 2 silos and 2 API nodes behind the balancer");
        var cluster = _cluster;
        using var front = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{cluster.FrontPort}"), Timeout = TimeSpan.FromSeconds(10) };

        var admin = await LoginAsync(front, adminEmail, AdminPassword);
        var products = new List<string>();
        for (var i = 0; i < ProductCount; i++)
        {
            products.Add(await CreateProductAsync(front, admin, i));
        }

        var customers = new List<LoadCustomer>();
        for (var i = 0; i < CustomerCount; i++)
        {
            customers.Add(await RegisterAsync(front));
        }

        // Each customer listens through the balancer, which spreads the connections over both API nodes.
        var hub = new Uri($"http://127.0.0.1:{cluster.FrontPort}/hubs/orders");
        var listeners = new List<LiveListener>();
        foreach (var customer in customers)
        {
            listeners.Add(await LiveListener.ConnectAsync(_hubs, customer, hub));
        }

        var nodesBefore = listeners.GroupBy(l => l.Node).ToDictionary(g => g.Key ?? "none", g => g.ToList());
        Assert.True(nodesBefore.Count == 2 && !nodesBefore.ContainsKey("none"), $"The live clients were not spread over two API nodes: {Describe(nodesBefore)}");

        var management = await ConnectManagementAsync();
        var report = new StringBuilder();
        // At most 16 orders/s and 3000 orders: under 200 per customer, so each inbox still holds all of them.
        var loop = new OrderLoop(front, customers, products, workers: 4, pace: TimeSpan.FromMilliseconds(250), maxOrders: 3000);
        // A hard bound on the whole load, whatever happens to the phases.
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        loop.EnterPhase("before");
        var load = loop.RunAsync(stop.Token);

        await PlacedInPhaseAsync(loop, "before", load);
        Step("steady load before");

        // A third silo joins: it gets some of the stream queues and new grains.
        loop.EnterPhase("silo joins");
        await cluster.RunAsync("add-silo");
        Step("silo3 joined");
        var silo3 = cluster.ProcessId("silo3");
        var joined = await Eventually.Until(
            "the third silo to consume some of the provider's queues",
            () => BrokerConsumers.ByQueueAsync(QueuePrefix),
            q => q.Count == QueueCount && q.Values.Contains(silo3),
            Settle);
        var grains = await Eventually.Until(
            "order grains activated on the third silo",
            () => OrderGrainsPerSiloAsync(management, cluster),
            a => a.GetValueOrDefault(3) > 0,
            Settle);
        Step("queues and grains spread to silo3");
        report.AppendLine(CultureInfo.InvariantCulture, $"after the join: queues per silo process {Spread(joined, cluster)}; order grains per silo {string.Join(", ", grains.Select(g => $"silo{g.Key}: {g.Value}"))}");

        // The first silo leaves gracefully: its queues move to the other two.
        loop.EnterPhase("silo leaves");
        var silo1 = cluster.ProcessId("silo1");
        await cluster.RunAsync("remove-silo", "1");
        Step("silo1 left");
        var left = await Eventually.Until(
            "the remaining silos to consume every queue",
            () => BrokerConsumers.ByQueueAsync(QueuePrefix),
            q => q.Count == QueueCount && !q.Values.Contains(silo1),
            Settle);
        Assert.Subset(new HashSet<int> { cluster.ProcessId("silo2"), silo3 }, left.Values.ToHashSet());
        Step("silo1's queues handed over");
        report.AppendLine(CultureInfo.InvariantCulture, $"after the leave: queues per silo process {Spread(left, cluster)}");

        // An API node leaves: the balancer stops sending it requests, then it stops; its clients reconnect to the other.
        loop.EnterPhase("api node leaves");
        await cluster.RunAsync("remove-api", "1");
        Step("api1 left");
        await Eventually.Until(
            "every live client connected again, all through the remaining node",
            () => listeners.Select(l => (l.Connection.State, l.Node)).ToList(),
            s => s.All(x => x.State == HubConnectionState.Connected) && s.Select(x => x.Node).Distinct().Count() == 1,
            Settle);
        Step("live clients reconnected");
        var moved = listeners.Where(l => l.Reconnects > 0).ToList();
        var stayed = listeners.Where(l => l.Reconnects == 0).ToList();
        Assert.True(moved.Count > 0 && stayed.Count > 0, $"Expected clients on both nodes; moved {moved.Count}, stayed {stayed.Count}.");
        Assert.All(stayed, l => Assert.Equal(listeners[0].Node, l.Node));

        loop.EnterPhase("after");
        await PlacedInPhaseAsync(loop, "after", load);
        await stop.CancelAsync();
        await load;
        loop.EndPhases();
        Step("load stopped");

        var placed = loop.Placed;
        report.Insert(0, $"Order loop through the balancer ({placed.Count} orders, {CustomerCount} customers, {ProductCount} products):\n{loop.Figures()}");
        Print(report.ToString());
        Assert.True(loop.Failures.Count == 0, $"Orders failed even after retries:\n{string.Join('\n', loop.Failures.Take(20))}\n{loop.Figures()}");

        // Nothing lost: every order is in its customer's list, and the stock taken is exactly what was ordered.
        foreach (var customer in customers)
        {
            var listed = await PagedAsync(front, customer.Token, $"/api/orders/customer/{customer.Id}", item => item["id"]!.GetValue<string>());
            Assert.Equal(placed.Where(o => o.CustomerId == customer.Id).Select(o => o.Id).Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
        }

        foreach (var product in products)
        {
            using var read = await front.GetAsync($"/api/products/{product}");
            var stock = (await read.ExpectJsonAsync(HttpStatusCode.OK))["stock"]!.GetValue<int>();
            Assert.Equal(InitialStock - placed.Count(o => o.ProductId == product), stock);
        }

        // Every order.created went through the broker to the inbox of its customer, whichever silo held the queue.
        foreach (var customer in customers)
        {
            var expected = placed.Where(o => o.CustomerId == customer.Id).Select(o => o.Id).ToHashSet(StringComparer.Ordinal);
            await Eventually.Until(
                $"the inbox of {customer.Id} to hold a notification for each of its {expected.Count} orders",
                () => PagedAsync(front, customer.Token, "/api/notifications", item => item["subject"]!.GetValue<string>()),
                subjects => expected.IsSubsetOf(subjects),
                Settle);
        }

        // Live: the clients that kept their node heard every order; the clients that moved hear the orders placed after.
        foreach (var listener in stayed)
        {
            var expected = placed.Where(o => o.CustomerId == listener.Customer.Id).Select(o => o.Id).ToHashSet(StringComparer.Ordinal);
            await Eventually.Until($"client {listener.Customer.Id} (kept its node) to hear all {expected.Count} orders", () => listener.Created.ToHashSet(), expected.IsSubsetOf, Settle);
        }

        foreach (var listener in moved)
        {
            var expected = placed.Where(o => o.CustomerId == listener.Customer.Id && o.Phase == "after").Select(o => o.Id).ToHashSet(StringComparer.Ordinal);
            await Eventually.Until($"client {listener.Customer.Id} (moved) to hear its {expected.Count} orders placed after the move", () => listener.Created.ToHashSet(), expected.IsSubsetOf, Settle);
        }

        Step("checked orders, stock, inboxes and live messages");
        var heardByMoved = moved.Sum(l => placed.Count(o => o.CustomerId == l.Customer.Id && l.Created.Contains(o.Id)));
        Print($"live clients: {listeners.Count} over 2 API nodes ({stayed.Count} kept their node, {moved.Count} moved and reconnected); "
            + $"the moved clients heard {heardByMoved} of their {moved.Sum(l => placed.Count(o => o.CustomerId == l.Customer.Id))} orders live, the rest is in their inboxes\n");
    }

    private void Step(string what) => Print($"[{_clock.Elapsed.TotalSeconds,6:0.0} s] {what}");

    /// <summary>To the test's output and, under <c>scripts/test.sh</c>, to the figures it prints after the run (a passing test's output is not shown).</summary>
    private void Print(string text)
    {
        output.WriteLine(text);
        if (Environment.GetEnvironmentVariable(FiguresVariable) is { Length: > 0 } folder)
        {
            File.AppendAllText(Path.Combine(folder, "scaling.txt"), text + Environment.NewLine);
        }
    }

    /// <summary>Waits until the loop placed <see cref="OrdersPerSteadyPhase"/> orders in the phase (or failed, which the test reports).</summary>
    private static Task PlacedInPhaseAsync(OrderLoop loop, string phase, Task load) => Eventually.Until(
        $"{OrdersPerSteadyPhase} orders placed in phase '{phase}'",
        () => load.IsCompleted ? throw new InvalidOperationException($"The order loop ended early: {load.Exception?.Message}\n{loop.Figures()}") : loop.Placed.Count(o => o.Phase == phase),
        n => n >= OrdersPerSteadyPhase,
        TimeSpan.FromSeconds(90));

    /// <summary>An Orleans client of the test's cluster, for the management grain's view of where grains live.</summary>
    private async Task<IManagementGrain> ConnectManagementAsync()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = ($"{_run}-cluster", ServiceId));
            client.UseRedisClustering(o => o.ConfigurationOptions = ConfigurationOptions.Parse(TestRedis.ConnectionString));
        });
        _orleans = builder.Build();
        await _orleans.StartAsync();
        return _orleans.Services.GetRequiredService<IClusterClient>().GetGrain<IManagementGrain>(0);
    }

    /// <summary>Silo number → active order grains on it (an order is a new grain, so new orders show where placement goes).</summary>
    private static async Task<Dictionary<int, int>> OrderGrainsPerSiloAsync(IManagementGrain management, ClusterScript cluster)
    {
        var activations = await management.GetDetailedGrainStatistics();
        var types = activations.Select(a => a.GrainType).Distinct(StringComparer.Ordinal).ToList();
        Assert.True(types.Count == 0 || types.Any(t => t.Contains(typeof(OrderGrain).FullName!, StringComparison.Ordinal)), $"No order grain among the grain types: {string.Join(", ", types)}");
        return activations
            .Where(a => a.GrainType.Contains(typeof(OrderGrain).FullName!, StringComparison.Ordinal))
            .GroupBy(a => a.SiloAddress.Endpoint.Port - cluster.SiloBasePort + 1)
            .ToDictionary(g => g.Key, g => g.Count());
    }

    private static string Spread(IReadOnlyDictionary<string, int> queues, ClusterScript cluster)
    {
        var names = Enumerable.Range(1, 3).ToDictionary(k => SafePid(cluster, $"silo{k}"), k => $"silo{k}");
        return string.Join(", ", queues.Values.GroupBy(p => p).OrderBy(g => names.GetValueOrDefault(g.Key), StringComparer.Ordinal)
            .Select(g => $"{names.GetValueOrDefault(g.Key, $"pid {g.Key}")}: {g.Count()}"));
    }

    private static int SafePid(ClusterScript cluster, string name)
    {
        try
        {
            return cluster.ProcessId(name);
        }
        catch (IOException)
        {
            // That silo has left (its pid file is gone).
            return -name.GetHashCode(StringComparison.Ordinal);
        }
    }

    private static string Describe(Dictionary<string, List<LiveListener>> nodes) =>
        string.Join(", ", nodes.Select(n => $"{n.Key}: {n.Value.Count}"));

    /// <summary>Every item of a paged list, read page by page.</summary>
    private static async Task<HashSet<string>> PagedAsync(HttpClient client, string token, string path, Func<JsonNode, string> select)
    {
        var items = new HashSet<string>(StringComparer.Ordinal);
        for (var page = 1; ; page++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"{path}?page={page}&limit=100");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await client.SendAsync(request);
            var body = await response.ExpectJsonAsync(HttpStatusCode.OK);
            var list = body["items"]!.AsArray();
            items.UnionWith(list.Select(i => select(i!)));
            if (page >= body["totalPages"]!.GetValue<int>())
            {
                return items;
            }
        }
    }

    private static async Task<string> LoginAsync(HttpClient client, string email, string password)
    {
        using var response = await client.PostAsync("/api/customers/login", ApiFixture.Json(new JsonObject { ["email"] = email, ["password"] = password }));
        return (await response.ExpectJsonAsync(HttpStatusCode.OK))["token"]!.GetValue<string>();
    }

    private static async Task<LoadCustomer> RegisterAsync(HttpClient client)
    {
        using var response = await client.PostAsync("/api/customers/register", ApiFixture.Json(new JsonObject
        {
            ["name"] = "Scaling Customer",
            ["email"] = ApiFixture.UniqueEmail(),
            ["password"] = ApiFixture.CustomerPassword,
        }));
        var body = await response.ExpectJsonAsync(HttpStatusCode.Created);
        return new LoadCustomer(body["customer"]!["id"]!.GetValue<string>(), body["token"]!.GetValue<string>());
    }

    private async Task<string> CreateProductAsync(HttpClient client, string token, int i)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/products")
        {
            Content = ApiFixture.Json(new JsonObject { ["name"] = $"Scaling lamp {i}", ["price"] = 10m + i, ["stock"] = InitialStock, ["category"] = $"scaling-{_run[^8..]}" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request);
        return (await response.ExpectJsonAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
    }
}

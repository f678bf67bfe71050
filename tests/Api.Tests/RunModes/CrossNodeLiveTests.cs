using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using EcommerceBackend.Api.Tests.Infrastructure;
using EcommerceBackend.Api.Tests.Orders;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Orleans.Streaming.RabbitMQ.Tests.Infrastructure;

namespace EcommerceBackend.Api.Tests.RunModes;

/// <summary>
/// Cluster mode with two silos and two API nodes, as processes, over Redis and RabbitMQ: a SignalR client on
/// node B hears about an order placed and shipped through node A, and what it missed is in the REST inbox.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class CrossNodeLiveTests : IAsyncLifetime
{
    private const string JwtSecret = "cross-node-tests-secret-0123456789-abcdefghijklmnop";
    private const string AdminPassword = "Cross-Node-Adm1n";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly List<HostProcess> _processes = [];
    private readonly string _run = $"crossnode{Guid.NewGuid():N}";
    private readonly HubClients _hubs = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _hubs.DisposeAsync();
        foreach (var process in _processes)
        {
            process.Dispose();
        }

        using var redis = await TestRedis.ConnectAsync();
        await TestRedis.DeleteKeysContainingAsync(redis, _run);
    }

    [Fact]
    public async Task A_client_on_node_B_hears_about_an_order_placed_and_shipped_through_node_A()
    {
        var ports = FreePorts.Take(6);
        var cluster = new Dictionary<string, string>
        {
            ["Redis__ConnectionString"] = TestRedis.ConnectionString,
            ["RABBITMQ_URI"] = TestRabbitMq.ConnectionString,
            ["EVENTS_SIGNING_KEY"] = "cross-node-tests-events-key-0123456789-abcdefghij",
            ["Cluster__ClusterId"] = $"{_run}-cluster",
            ["Cluster__ServiceId"] = $"{_run}-service",
            ["Cluster__AdvertisedAddress"] = "127.0.0.1",
        };
        for (var i = 0; i < 2; i++)
        {
            Start($"silo {i + 1}", RepoLayout.SiloDll, new(cluster)
            {
                ["Cluster__SiloPort"] = Text(ports[2 + (2 * i)]),
                ["Cluster__GatewayPort"] = Text(ports[3 + (2 * i)]),
            });
        }

        var adminEmail = $"admin-{_run}@tests.example";
        foreach (var (name, port) in new[] { ("api A", ports[0]), ("api B", ports[1]) })
        {
            Start(name, RepoLayout.ApiDll, new(cluster)
            {
                ["Cluster__Mode"] = "Cluster",
                ["PORT"] = Text(port),
                ["JWT_SECRET"] = JwtSecret,
                ["ADMIN_EMAIL"] = adminEmail,
                ["ADMIN_PASSWORD"] = AdminPassword,
            });
        }

        using var nodeA = Client(ports[0]);
        using var nodeB = Client(ports[1]);
        await WaitForTwoSilosAsync(nodeA);
        await WaitForTwoSilosAsync(nodeB);

        var admin = await LoginAsync(nodeA, adminEmail, AdminPassword);
        var (customerId, customerToken) = await RegisterAsync(nodeA);
        var productId = await CreateProductAsync(nodeA, admin);

        // The customer listens on node B only.
        var heard = new ConcurrentQueue<JsonElement>();
        var arrived = new SemaphoreSlim(0);
        var hub = _hubs.Connect(new Uri($"http://127.0.0.1:{ports[1]}/hubs/orders"), customerToken);
        hub.On<JsonElement>("order", message =>
        {
            heard.Enqueue(message.Clone());
            arrived.Release();
        });
        await hub.StartAsync();

        // Placed and shipped through node A.
        var orderId = await PlaceAsync(nodeA, customerToken, customerId, productId);
        foreach (var status in new[] { "confirmed", "shipped" })
        {
            using var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/orders/{orderId}/status")
            {
                Content = ApiFixture.Json(new JsonObject { ["status"] = status }),
            };
            patch.Headers.Authorization = new AuthenticationHeaderValue("Bearer", admin);
            using var moved = await nodeA.SendAsync(patch);
            await moved.ExpectJsonAsync(HttpStatusCode.OK);
        }

        var deadline = DateTime.UtcNow + Deadline;
        while (!heard.Any(m => m.GetProperty("subject").GetString() == orderId
            && m.GetProperty("data").GetProperty("status").GetString() == "shipped"))
        {
            var left = deadline - DateTime.UtcNow;
            Assert.True(left > TimeSpan.Zero && await arrived.WaitAsync(left),
                $"Node B's client did not hear of the shipment; heard: {string.Join(", ", heard.Select(m => m.GetRawText()))}\n{AllOutput()}");
        }

        Assert.Contains(heard, m => m.GetProperty("subject").GetString() == orderId && m.GetProperty("type").GetString() == "order.created");

        // What a client missed while away is in the inbox, through either node.
        await Eventually.Until(
            "the order's three notifications in the inbox, read through node B",
            async () =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/api/notifications?limit=10");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", customerToken);
                using var response = await nodeB.SendAsync(request);
                return await response.ExpectJsonAsync(HttpStatusCode.OK);
            },
            inbox => inbox["items"]!.AsArray().Count(n => n!["subject"]!.GetValue<string>() == orderId) == 3,
            Deadline);
    }

    private HostProcess Start(string name, string dll, Dictionary<string, string> environment)
    {
        var process = HostProcess.Start(name, dll, environment);
        _processes.Add(process);
        return process;
    }

    private static HttpClient Client(int port) => new() { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };

    private async Task WaitForTwoSilosAsync(HttpClient client)
    {
        try
        {
            await Eventually.Until(
                "/api/health to report two active silos",
                async () =>
                {
                    Assert.False(_processes.Any(p => p.HasExited), $"A process exited while starting.\n{AllOutput()}");
                    using var response = await client.GetAsync("/api/health");
                    return (response.StatusCode, Text: await response.Content.ReadAsStringAsync());
                },
                answer => answer.StatusCode == HttpStatusCode.OK
                    && JsonNode.Parse(answer.Text)?["services"]?["silo-cluster"]?["activeSilos"]?.GetValue<int>() == 2,
                TimeSpan.FromSeconds(120));
        }
        catch (TimeoutException ex)
        {
            // The processes' output says why they never got ready.
            throw new TimeoutException($"{ex.Message}\n{AllOutput()}", ex);
        }
    }

    private static async Task<string> LoginAsync(HttpClient client, string email, string password)
    {
        using var response = await client.PostAsync("/api/customers/login", ApiFixture.Json(new JsonObject { ["email"] = email, ["password"] = password }));
        return (await response.ExpectJsonAsync(HttpStatusCode.OK))["token"]!.GetValue<string>();
    }

    private static async Task<(string Id, string Token)> RegisterAsync(HttpClient client)
    {
        using var response = await client.PostAsync("/api/customers/register", ApiFixture.Json(new JsonObject
        {
            ["name"] = "Cross Node",
            ["email"] = ApiFixture.UniqueEmail(),
            ["password"] = ApiFixture.CustomerPassword,
        }));
        var body = await response.ExpectJsonAsync(HttpStatusCode.Created);
        return (body["customer"]!["id"]!.GetValue<string>(), body["token"]!.GetValue<string>());
    }

    private static async Task<string> CreateProductAsync(HttpClient client, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/products")
        {
            Content = ApiFixture.Json(new JsonObject { ["name"] = "Cross-node lamp", ["price"] = 25m, ["stock"] = 5, ["category"] = "lamps" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request);
        return (await response.ExpectJsonAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
    }

    private static async Task<string> PlaceAsync(HttpClient client, string token, string customerId, string productId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders") { Content = ApiFixture.Json(OrderApi.Body(customerId, new Line(productId, 1))) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request);
        return (await response.ExpectJsonAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
    }

    private string AllOutput() => string.Join("\n", _processes.Select(p => p.ToString()));

    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);
}

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
        var inboxDeadline = DateTime.UtcNow + Deadline;
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/notifications?limit=10");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", customerToken);
            using var response = await nodeB.SendAsync(request);
            var inbox = await response.ExpectJsonAsync(HttpStatusCode.OK);
            var subjects = inbox["items"]!.AsArray().Select(n => n!["subject"]!.GetValue<string>()).ToList();
            if (subjects.Count(s => s == orderId) == 3)
            {
                break;
            }

            Assert.True(DateTime.UtcNow < inboxDeadline, $"The inbox did not get the order's three notifications: {inbox.ToJsonString()}");
            await Task.Delay(100);
        }
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
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        var last = "no answer";
        while (true)
        {
            Assert.False(_processes.Any(p => p.HasExited), $"A process exited while starting.\n{AllOutput()}");
            try
            {
                using var response = await client.GetAsync("/api/health");
                last = await response.Content.ReadAsStringAsync();
                if (response.StatusCode == HttpStatusCode.OK
                    && JsonNode.Parse(last)?["services"]?["silo-cluster"]?["activeSilos"]?.GetValue<int>() == 2)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                last = ex.Message;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Not ready: {last}\n{AllOutput()}");
            await Task.Delay(250);
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

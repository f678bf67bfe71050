using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Orleans.Streaming.RabbitMQ.Tests.Infrastructure;
using RabbitMQ.Client;

namespace EcommerceBackend.Api.Tests.Infrastructure;

/// <summary>
/// Cluster mode as processes, as an operator runs it: silos and API nodes (<c>dotnet EcommerceBackend.*.dll</c>) on free
/// ports, under a service id of their own on the tests' RabbitMQ and a Redis (the tests' one unless given). Disposing
/// it kills them and deletes the run's Redis keys and broker queues.
/// </summary>
internal sealed class ProcessCluster : IAsyncDisposable
{
    public const string JwtSecret = "process-cluster-tests-secret-0123456789-abcdefghij";
    public const string EventsSigningKey = "process-cluster-tests-events-key-0123456789-abcdef";
    public const string AdminPassword = "Process-Cluster-Adm1n";
    public const int QueueCount = 8;

    private readonly List<HostProcess> _processes = [];
    private readonly Dictionary<string, string> _common;

    public ProcessCluster(string redis, IReadOnlyDictionary<string, string>? settings = null)
    {
        Redis = redis;
        _common = new Dictionary<string, string>
        {
            ["Redis__ConnectionString"] = redis,
            ["RABBITMQ_URI"] = TestRabbitMq.ConnectionString,
            ["EVENTS_SIGNING_KEY"] = EventsSigningKey,
            ["Cluster__ClusterId"] = $"{Run}-cluster",
            ["Cluster__ServiceId"] = ServiceId,
            ["Cluster__AdvertisedAddress"] = "127.0.0.1",
            // Tests register and log in from one address; the login limits have tests of their own.
            ["RateLimit__LoginPermitLimit"] = ApiFixture.Unlimited,
            ["RateLimit__LoginFailuresBeforeDelay"] = ApiFixture.Unlimited,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            _common[key] = value;
        }
    }

    /// <summary>A text in every Redis key and queue name of the run.</summary>
    public string Run { get; } = $"proc{Guid.NewGuid():N}";

    public string ServiceId => $"{Run}-service";

    public string Redis { get; }

    public string AdminEmail => $"admin-{Run}@tests.example";

    /// <summary>Starts a silo process on free ports.</summary>
    public HostProcess StartSilo(string name)
    {
        var ports = FreePorts.Take(2);
        return Start(name, RepoLayout.SiloDll, new(_common)
        {
            ["Cluster__SiloPort"] = Text(ports[0]),
            ["Cluster__GatewayPort"] = Text(ports[1]),
        });
    }

    /// <summary>Starts an API node on a free port and returns a client of it.</summary>
    public (HostProcess Process, HttpClient Client) StartApi(string name)
    {
        var port = FreePorts.Take(1)[0];
        var process = Start(name, RepoLayout.ApiDll, new(_common)
        {
            ["Cluster__Mode"] = "Cluster",
            ["PORT"] = Text(port),
            ["JWT_SECRET"] = JwtSecret,
            ["ADMIN_EMAIL"] = AdminEmail,
            ["ADMIN_PASSWORD"] = AdminPassword,
        });
        return (process, new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(15) });
    }

    /// <summary>Waits until the API node reports <paramref name="silos"/> active silos.</summary>
    public async Task WaitForSilosAsync(HttpClient client, int silos)
    {
        try
        {
            await Eventually.Until(
                $"/api/health to report {silos} active silo(s)",
                async () =>
                {
                    Assert.False(_processes.Any(p => p.HasExited && !p.Killed), $"A process exited while starting.\n{Output()}");
                    using var response = await client.GetAsync("/api/health");
                    return (response.StatusCode, Text: await response.Content.ReadAsStringAsync());
                },
                answer => answer.StatusCode == HttpStatusCode.OK
                    && JsonNode.Parse(answer.Text)?["services"]?["silo-cluster"]?["activeSilos"]?.GetValue<int>() == silos,
                TimeSpan.FromSeconds(120));
        }
        catch (TimeoutException ex)
        {
            // The processes' output says why they never got ready.
            throw new TimeoutException($"{ex.Message}\n{Output()}", ex);
        }
    }

    /// <summary>Logs in as the seeded administrator.</summary>
    public async Task<string> AdminTokenAsync(HttpClient client)
    {
        using var response = await client.PostAsync("/api/customers/login", ApiFixture.Json(new JsonObject { ["email"] = AdminEmail, ["password"] = AdminPassword }));
        return (await response.ExpectJsonAsync(HttpStatusCode.OK))["token"]!.GetValue<string>();
    }

    /// <summary>Registers a customer; returns its id and token.</summary>
    public static async Task<(string Id, string Token)> RegisterAsync(HttpClient client)
    {
        using var response = await client.PostAsync("/api/customers/register", ApiFixture.Json(new JsonObject
        {
            ["name"] = "Process Cluster",
            ["email"] = ApiFixture.UniqueEmail(),
            ["password"] = ApiFixture.CustomerPassword,
        }));
        var body = await response.ExpectJsonAsync(HttpStatusCode.Created);
        return (body["customer"]!["id"]!.GetValue<string>(), body["token"]!.GetValue<string>());
    }

    /// <summary>Creates a product as the administrator; returns its id.</summary>
    public static async Task<string> CreateProductAsync(HttpClient client, string adminToken, decimal price, int stock)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/products")
        {
            Content = ApiFixture.Json(new JsonObject { ["name"] = $"Lamp {Guid.NewGuid():N}", ["price"] = price, ["stock"] = stock, ["category"] = "lamps" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);
        using var response = await client.SendAsync(request);
        return (await response.ExpectJsonAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
    }

    /// <summary>Everything the processes wrote, for failure messages.</summary>
    public string Output() => string.Join("\n", _processes.Select(p => p.ToString()));

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            process.Dispose();
        }

        using (var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(Redis))
        {
            await TestRedis.DeleteKeysContainingAsync(redis, Run);
        }

        // The provider's durable queues stay bound to the shared exchanges: they would collect every later event.
        var connection = await new ConnectionFactory { Uri = new Uri(TestRabbitMq.ConnectionString) }.CreateConnectionAsync();
        await using (connection)
        {
            foreach (var prefix in new[] { $"{ServiceId}.events", $"{ServiceId}.records" })
            {
                foreach (var queue in Enumerable.Range(0, QueueCount).Select(i => $"{prefix}.{i}").Append($"{prefix}.dead-letter"))
                {
                    await using var channel = await connection.CreateChannelAsync();
                    await channel.QueueDeleteAsync(queue);
                }

                await using var exchanges = await connection.CreateChannelAsync();
                await exchanges.ExchangeDeleteAsync($"{prefix}.partitions");
            }
        }
    }

    private HostProcess Start(string name, string dll, Dictionary<string, string> environment)
    {
        var process = HostProcess.Start(name, dll, environment);
        _processes.Add(process);
        return process;
    }

    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);
}

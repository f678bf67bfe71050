using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using EcommerceBackend.Api.Tests.Infrastructure;
using Orleans.Streaming.RabbitMQ.Tests.Infrastructure;

namespace EcommerceBackend.Api.Tests.RunModes;

/// <summary>These start real processes; they run on their own, after the in-process tests, so they do not compete for the CPU.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessCollection
{
    public const string Name = "processes";
}

/// <summary>Each run mode, started as an operator starts it: <c>dotnet EcommerceBackend.Api.dll</c> and <c>dotnet EcommerceBackend.Silo.dll</c> from the build output.</summary>
[Collection(ProcessCollection.Name)]
public sealed class RunModeTests : IAsyncLifetime
{
    private const string JwtSecret = "run-mode-tests-secret-0123456789-abcdefghijklmnop";
    private const string AdminPassword = "Run-Mode-Adm1n";
    private const string EventsSigningKey = "run-mode-tests-events-key-0123456789-abcdefghij";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    private readonly List<HostProcess> _processes = [];
    private string? _redisKeysToDelete;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            process.Dispose();
        }

        if (_redisKeysToDelete is { } marker)
        {
            using var redis = await TestRedis.ConnectAsync();
            await TestRedis.DeleteKeysContainingAsync(redis, marker);
        }
    }

    [Fact]
    public async Task Embedded_mode_serves_the_api_with_one_silo_and_says_nothing_is_durable()
    {
        var ports = FreePorts.Take(3);
        var api = Start("api (embedded)", RepoLayout.ApiDll, new()
        {
            // The original's PORT, and free silo ports so that nothing else on the machine is in the way.
            ["PORT"] = Text(ports[0]),
            ["Cluster__SiloPort"] = Text(ports[1]),
            ["Cluster__GatewayPort"] = Text(ports[2]),
        });
        using var client = Client(ports[0]);

        var health = await WaitForHealthAsync(client, _ => true);

        Assert.Equal("ok", health["status"]!.GetValue<string>());
        Assert.Equal("embedded", health["mode"]!.GetValue<string>());
        Assert.Equal(1, health["services"]!["silo-cluster"]!["activeSilos"]!.GetValue<int>());
        await api.WaitForOutputAsync("NOTHING IS DURABLE", TimeSpan.FromSeconds(30));

        // Without configuration it seeds the documented trial administrator, who can use the catalog.
        var token = await LoginAsync(client, "admin@example.com", "Admin123!");
        var category = $"embedded-{Guid.NewGuid():N}";
        var id = await CreateProductAsync(client, token, category);
        using var read = await client.GetAsync($"/api/products/{id}");
        Assert.Equal(category, (await read.ExpectJsonAsync(HttpStatusCode.OK))["category"]!.GetValue<string>());
        // Kestrel itself, not a test host: it names no server software.
        Assert.False(read.Headers.Contains("Server"), $"Server: {string.Join(", ", read.Headers.Server)}");
    }

    [Fact]
    public async Task Cluster_mode_two_silos_and_an_api_serve_with_state_in_redis()
    {
        var redisAddress = TestRedis.ConnectionString;
        using var redis = await TestRedis.ConnectAsync();
        var run = $"apitests{Guid.NewGuid():N}";
        _redisKeysToDelete = run;
        var ports = FreePorts.Take(5);
        var cluster = new Dictionary<string, string>
        {
            ["Redis__ConnectionString"] = redisAddress,
            ["EVENTS_SIGNING_KEY"] = EventsSigningKey,
            ["Cluster__ClusterId"] = $"{run}-cluster",
            ["Cluster__ServiceId"] = $"{run}-service",
        };
        for (var i = 0; i < 2; i++)
        {
            Start($"silo {i + 1}", RepoLayout.SiloDll, new(cluster)
            {
                ["Cluster__SiloPort"] = Text(ports[1 + (2 * i)]),
                ["Cluster__GatewayPort"] = Text(ports[2 + (2 * i)]),
                ["Cluster__AdvertisedAddress"] = "127.0.0.1",
            });
        }

        var adminEmail = $"admin-{run}@tests.example";
        Start("api (cluster)", RepoLayout.ApiDll, new(cluster)
        {
            ["Cluster__Mode"] = "Cluster",
            // The original's variable names.
            ["PORT"] = Text(ports[0]),
            ["JWT_SECRET"] = JwtSecret,
            ["ADMIN_EMAIL"] = adminEmail,
            ["ADMIN_PASSWORD"] = AdminPassword,
        });
        using var client = Client(ports[0]);

        var health = await WaitForHealthAsync(client, h => h["services"]?["silo-cluster"]?["activeSilos"]?.GetValue<int>() == 2);

        Assert.Equal("ok", health["status"]!.GetValue<string>());
        Assert.Equal("cluster", health["mode"]!.GetValue<string>());
        Assert.Equal("running", health["services"]!["silo-cluster"]!["status"]!.GetValue<string>());
        Assert.Equal("running", health["services"]!["redis"]!["status"]!.GetValue<string>());
        // Without MongoDB the cluster keeps no records: health says so, and the admin routes cannot answer.
        Assert.Equal("off", health["services"]!["records"]!["status"]!.GetValue<string>());

        var token = await LoginAsync(client, adminEmail, AdminPassword);
        Assert.Equal("admin", TestTokens.Read(token).GetClaim("role").Value);
        using (var records = new HttpRequestMessage(HttpMethod.Get, "/api/admin/orders"))
        {
            records.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            using var answer = await client.SendAsync(records);
            Assert.Contains("MONGO_URI", (await answer.ExpectProblemAsync(HttpStatusCode.ServiceUnavailable))["title"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        var category = $"cluster-{run}";
        var id = await CreateProductAsync(client, token, category);
        using var read = await client.GetAsync($"/api/products/{id}");
        var product = await read.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(category, product["category"]!.GetValue<string>());
        using var list = await client.GetAsync($"/api/products?category={category}");
        Assert.Equal([id], HttpAssertions.Ids(await list.ExpectJsonAsync(HttpStatusCode.OK)));

        // The grain state went to Redis, under this run's service id.
        var server = redis.GetServers().First();
        var productKeys = new List<string>();
        await foreach (var key in server.KeysAsync(pattern: $"*{run}*{id}*"))
        {
            productKeys.Add(key.ToString());
        }

        Assert.NotEmpty(productKeys);
    }

    [Fact]
    public async Task Cluster_mode_without_JWT_SECRET_exits_non_zero_naming_the_setting()
    {
        var ports = FreePorts.Take(2);
        var api = Start("api (cluster, no secret)", RepoLayout.ApiDll, new()
        {
            ["Cluster__Mode"] = "Cluster",
            ["PORT"] = Text(ports[0]),
            // Nothing listens there: the process must stop on the missing secret before it looks for a cluster.
            ["Redis__ConnectionString"] = $"127.0.0.1:{ports[1]}",
            ["EVENTS_SIGNING_KEY"] = EventsSigningKey,
            ["ADMIN_EMAIL"] = "admin@tests.example",
            ["ADMIN_PASSWORD"] = AdminPassword,
        });

        var exitCode = await api.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.True(exitCode != 0, $"It exited with 0. Output:\n{api.Output}");
        Assert.Contains("Jwt:Secret (JWT_SECRET)", api.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", api.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Cluster", "JWT_SECRET", "too-short-secret", "Jwt:Secret (JWT_SECRET) must be at least 32 bytes")]
    [InlineData("Cluster", "EVENTS_SIGNING_KEY", "too-short-key", "RabbitMQ:SigningKey (EVENTS_SIGNING_KEY) is required in cluster mode and must be at least 32 bytes")]
    [InlineData("Embedded", "PORT", "70000", "Api:Port (PORT)")]
    [InlineData("Embedded", "JWT_EXPIRY", "forever", "Jwt:Expiry (JWT_EXPIRY)")]
    [InlineData("Embedded", "ADMIN_PASSWORD", "weak", "Admin:Password (ADMIN_PASSWORD)")]
    [InlineData("Embedded", "Cluster__SiloPort", "0", "Cluster:SiloPort")]
    [InlineData("Embedded", "RateLimit__LoginPermitLimit", "0", "RateLimit:LoginPermitLimit must be from 1")]
    [InlineData("Embedded", "RateLimit__LoginMaxDelayMs", "500", "RateLimit:LoginMaxDelayMs (500) must not be less than RateLimit:LoginDelayMs (1000)")]
    [InlineData("Cluster", "ForwardedHeaders__KnownProxies", "10.0.0.1,balancer", "ForwardedHeaders:KnownProxies must list IP addresses or CIDR networks")]
    public async Task A_bad_setting_stops_the_api_with_a_message_naming_it(string mode, string variable, string value, string message)
    {
        var ports = FreePorts.Take(4);
        var environment = new Dictionary<string, string>
        {
            ["Cluster__Mode"] = mode,
            ["PORT"] = Text(ports[0]),
            ["Cluster__SiloPort"] = Text(ports[1]),
            ["Cluster__GatewayPort"] = Text(ports[2]),
            ["Redis__ConnectionString"] = $"127.0.0.1:{ports[3]}",
            ["JWT_SECRET"] = JwtSecret,
            ["EVENTS_SIGNING_KEY"] = EventsSigningKey,
            ["ADMIN_EMAIL"] = "admin@tests.example",
            ["ADMIN_PASSWORD"] = AdminPassword,
        };
        environment[variable] = value;
        var api = Start($"api ({variable}={value})", RepoLayout.ApiDll, environment);

        var exitCode = await api.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.True(exitCode != 0, $"It exited with 0. Output:\n{api.Output}");
        Assert.Contains(message, api.Output, StringComparison.Ordinal);
    }

    private HostProcess Start(string name, string dll, Dictionary<string, string> environment)
    {
        var process = HostProcess.Start(name, dll, environment);
        _processes.Add(process);
        return process;
    }

    private static HttpClient Client(int port) => new() { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>Polls <c>/api/health</c> until it answers 200 and <paramref name="ready"/>; fails early when a process dies.</summary>
    private async Task<JsonObject> WaitForHealthAsync(HttpClient client, Func<JsonObject, bool> ready)
    {
        try
        {
            var (_, body) = await Eventually.Until(
                "/api/health to answer 200 and be ready",
                async () =>
                {
                    Assert.False(_processes.Any(p => p.HasExited), $"A process exited while starting.\n{AllOutput()}");
                    using var response = await client.GetAsync("/api/health");
                    var text = await response.Content.ReadAsStringAsync();
                    return (Status: $"{(int)response.StatusCode} {text}", Body: response.StatusCode == HttpStatusCode.OK ? JsonNode.Parse(text) as JsonObject : null);
                },
                answer => answer.Body is { } body && ready(body),
                StartTimeout);
            return body!;
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

    private static async Task<string> CreateProductAsync(HttpClient client, string token, string category)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/products")
        {
            Content = ApiFixture.Json(new JsonObject { ["name"] = "Run-mode laptop", ["price"] = 1299.5m, ["stock"] = 3, ["category"] = category }),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request);
        var created = await response.ExpectJsonAsync(HttpStatusCode.Created);
        return created["id"]!.GetValue<string>();
    }

    private string AllOutput() => string.Join("\n", _processes.Select(p => p.ToString()));

    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);
}

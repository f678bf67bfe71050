using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace EcommerceBackend.Api.Tests.Infrastructure;

/// <summary>The HTTP tests share one running application; they run one class after another.</summary>
[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = "api";
}

/// <summary>A customer a test registered for itself.</summary>
public sealed record TestCustomer(string Id, string Email, string Password, string Token);

/// <summary>
/// The real application (<c>AddApplicationServices</c> + <c>MapApplication</c>, through <see cref="Program"/>) in embedded
/// mode, served by Kestrel on 127.0.0.1 on a port of its own, with its own silo and gateway ports, a fixed JWT secret,
/// a configured administrator and a small body limit.
/// </summary>
public sealed class ApiFixture : IAsyncLifetime
{
    public const string JwtSecret = "api-tests-signing-secret-0123456789-abcdefghijklmnop";
    public const string JwtIssuer = "ecommerce-backend";
    public const string JwtAudience = "ecommerce-clients";
    public const int MaxRequestBodyBytes = 65_536;
    public const int MaxPageSize = 100;
    public const string AdminPassword = "Adm1n-Test-Passw0rd";
    public const string CustomerPassword = "Customer-Passw0rd";

    /// <summary>A login limit no test reaches (the settings' upper bound).</summary>
    public const string Unlimited = "10000000";

    /// <summary>How often analytics refresh and are pushed: short, so analytics tests converge quickly.</summary>
    public const int AnalyticsRefreshIntervalMs = 200;

    /// <summary>What the fixture's stand-in for a built front end has in its <c>index.html</c>.</summary>
    public const string FrontendIndexMarker = "api-tests-frontend-index";

    /// <summary>An asset of the stand-in front end, under <c>/assets</c> as Vite names them.</summary>
    public const string FrontendAsset = "assets/app-0a1b2c3d.js";

    private readonly Factory _factory;
    private readonly SocketsHttpHandler _handler = new() { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
    private readonly SemaphoreSlim _adminLogin = new(1, 1);
    private string? _adminToken;

    public ApiFixture()
    {
        // A stand-in for frontend/dist, so these tests do not depend on npm having built the real one.
        Directory.CreateDirectory(Path.Combine(FrontendPath, "assets"));
        File.WriteAllText(Path.Combine(FrontendPath, "index.html"), $"<!doctype html><title>{FrontendIndexMarker}</title>");
        File.WriteAllText(Path.Combine(FrontendPath, FrontendAsset), "console.log('app');");

        var ports = FreePorts.Take(2);
        (SiloPort, GatewayPort) = (ports[0], ports[1]);
        _factory = new Factory(new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Cluster:Mode"] = "Embedded",
            ["Cluster:SiloPort"] = SiloPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Cluster:GatewayPort"] = GatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Cluster:ClusterId"] = $"api-tests-{Guid.NewGuid():N}",
            ["Jwt:Secret"] = JwtSecret,
            ["Jwt:Issuer"] = JwtIssuer,
            ["Jwt:Audience"] = JwtAudience,
            ["Admin:Email"] = AdminEmail,
            ["Admin:Password"] = AdminPassword,
            ["Api:MaxRequestBodyBytes"] = MaxRequestBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Api:MaxPageSize"] = MaxPageSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RateLimit:MaxRequests"] = "0",
            ["Api:EnableApiReference"] = "true",
            // Every test registers and logs in from 127.0.0.1: the login limits, on by default, have their own tests.
            ["RateLimit:LoginPermitLimit"] = Unlimited,
            ["RateLimit:LoginFailuresBeforeDelay"] = Unlimited,
            ["Analytics:RefreshIntervalMs"] = AnalyticsRefreshIntervalMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Frontend:Path"] = FrontendPath,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Orleans"] = "Error",
        });
    }

    /// <summary>The administrator the configuration seeds (unique per run).</summary>
    public string AdminEmail { get; } = $"admin-{Guid.NewGuid():N}@tests.example";

    public int SiloPort { get; }

    /// <summary>The folder of the stand-in built front end (<c>Frontend:Path</c>).</summary>
    public string FrontendPath { get; } = Path.Combine(Path.GetTempPath(), $"api-tests-frontend-{Guid.NewGuid():N}");

    public int GatewayPort { get; }

    /// <summary>Where Kestrel listens, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public IServiceProvider Services => _factory.Services;

    public Task InitializeAsync()
    {
        _factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _factory.StartServer();

        var addresses = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseAddress = new Uri(Assert.Single(addresses));
        Assert.Equal("127.0.0.1", BaseAddress.Host);
        Assert.NotEqual(0, BaseAddress.Port);

        // The settings above must reach the silo, or it would take the default ports other processes may hold.
        var endpoints = _factory.Services.GetRequiredService<IOptions<EndpointOptions>>().Value;
        Assert.Equal((SiloPort, GatewayPort), (endpoints.SiloPort, endpoints.GatewayPort));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _handler.Dispose();
        _adminLogin.Dispose();
        await _factory.DisposeAsync();
        Directory.Delete(FrontendPath, recursive: true);
    }

    /// <summary>A client of the real socket, with a bearer token when one is given.</summary>
    public HttpClient CreateClient(string? token = null)
    {
        var client = new HttpClient(_handler, disposeHandler: false) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    /// <summary>The seeded administrator's token (logged in once).</summary>
    public async Task<string> AdminTokenAsync()
    {
        await _adminLogin.WaitAsync();
        try
        {
            if (_adminToken is null)
            {
                using var client = CreateClient();
                using var response = await client.PostAsync("/api/customers/login", Json(new JsonObject { ["email"] = AdminEmail, ["password"] = AdminPassword }));
                var body = await response.ExpectJsonAsync(HttpStatusCode.OK);
                _adminToken = body["token"]!.GetValue<string>();
            }

            return _adminToken;
        }
        finally
        {
            _adminLogin.Release();
        }
    }

    public async Task<HttpClient> CreateAdminClientAsync() => CreateClient(await AdminTokenAsync());

    /// <summary>Registers a new customer with a unique email address.</summary>
    public async Task<TestCustomer> RegisterCustomerAsync(string password = CustomerPassword)
    {
        var email = UniqueEmail();
        using var client = CreateClient();
        using var response = await client.PostAsync("/api/customers/register", Json(new JsonObject
        {
            ["name"] = "Test Customer",
            ["email"] = email,
            ["password"] = password,
            ["phone"] = "+1 555 0100",
        }));
        var body = await response.ExpectJsonAsync(HttpStatusCode.Created);
        return new TestCustomer(body["customer"]!["id"]!.GetValue<string>(), email, password, body["token"]!.GetValue<string>());
    }

    /// <summary>Creates a product as the administrator and returns it as the API answered.</summary>
    public async Task<JsonObject> CreateProductAsync(
        string category, string? name = null, string? description = null, decimal price = 19.99m, int stock = 5)
    {
        using var admin = await CreateAdminClientAsync();
        using var response = await admin.PostAsync("/api/products", Json(new JsonObject
        {
            ["name"] = name ?? $"Product {Guid.NewGuid():N}",
            ["description"] = description ?? "A product made by a test.",
            ["price"] = price,
            ["stock"] = stock,
            ["category"] = category,
            ["images"] = new JsonArray("https://images.example/product.png"),
        }));
        return await response.ExpectJsonAsync(HttpStatusCode.Created);
    }

    /// <summary>The product list of one category (first page, the largest page size).</summary>
    public async Task<JsonObject> ListCategoryAsync(string category)
    {
        using var client = CreateClient();
        using var response = await client.GetAsync($"/api/products?category={Uri.EscapeDataString(category)}&limit={MaxPageSize}");
        return await response.ExpectJsonAsync(HttpStatusCode.OK);
    }

    /// <summary>The search result for a text (first page, the largest page size).</summary>
    public async Task<JsonObject> SearchAsync(string text)
    {
        using var client = CreateClient();
        using var response = await client.GetAsync($"/api/products/search?q={Uri.EscapeDataString(text)}&limit={MaxPageSize}");
        return await response.ExpectJsonAsync(HttpStatusCode.OK);
    }

    /// <summary>The product as <c>GET /api/products/{id}</c> answers it, as JSON text (re-serialized, to compare with other nodes).</summary>
    public async Task<string> GetProductTextAsync(string id)
    {
        using var client = CreateClient();
        using var response = await client.GetAsync($"/api/products/{id}");
        return (await response.ExpectJsonAsync(HttpStatusCode.OK)).ToJsonString();
    }

    public static string UniqueEmail() => $"customer-{Guid.NewGuid():N}@tests.example";

    /// <summary>A category no other test uses, so its list belongs to one test.</summary>
    public static string UniqueCategory() => $"cat-{Guid.NewGuid():N}";

    public static StringContent Json(JsonNode body) => Json(body.ToJsonString());

    public static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private sealed class Factory(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment(Environments.Production);
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        }
    }
}

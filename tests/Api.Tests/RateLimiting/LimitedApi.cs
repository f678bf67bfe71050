using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using EcommerceBackend.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EcommerceBackend.Api.Tests.RateLimiting;

/// <summary>
/// The real application in embedded mode on a loopback port of its own, with the limits a test chooses: the shared
/// <see cref="ApiFixture"/> keeps the login limits out of every other test's way.
/// </summary>
public sealed class LimitedApi : IAsyncDisposable
{
    private readonly Factory _factory;

    private LimitedApi(Factory factory, Uri baseAddress)
    {
        _factory = factory;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static LimitedApi Start(IReadOnlyDictionary<string, string?> limits)
    {
        var ports = FreePorts.Take(2);
        var settings = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Cluster:Mode"] = "Embedded",
            ["Cluster:SiloPort"] = ports[0].ToString(CultureInfo.InvariantCulture),
            ["Cluster:GatewayPort"] = ports[1].ToString(CultureInfo.InvariantCulture),
            ["Cluster:ClusterId"] = $"limits-tests-{Guid.NewGuid():N}",
            ["Jwt:Secret"] = ApiFixture.JwtSecret,
            ["Admin:Email"] = $"admin-{Guid.NewGuid():N}@tests.example",
            ["Admin:Password"] = ApiFixture.AdminPassword,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Orleans"] = "Error",
        };
        foreach (var (key, value) in limits)
        {
            settings[key] = value;
        }

        var factory = new Factory(settings);
        factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        var address = Assert.Single(factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses);
        return new LimitedApi(factory, new Uri(address));
    }

    /// <summary>A client of the socket (so from 127.0.0.1), saying <c>X-Forwarded-For: <paramref name="forwardedFor"/></c> when given.</summary>
    public HttpClient CreateClient(string? forwardedFor = null, string? token = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (forwardedFor is not null)
        {
            client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        }

        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        }

        return client;
    }

    public static Task<HttpResponseMessage> LoginAsync(HttpClient client, string email, string password) =>
        client.PostAsync("/api/customers/login", ApiFixture.Json(new JsonObject { ["email"] = email, ["password"] = password }));

    public static Task<HttpResponseMessage> RegisterAsync(HttpClient client, string email, string password = ApiFixture.CustomerPassword) =>
        client.PostAsync("/api/customers/register", ApiFixture.Json(new JsonObject { ["name"] = "Limited", ["email"] = email, ["password"] = password }));

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

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

/// <summary>Checks of a 429 every limiter answers alike.</summary>
internal static class TooManyRequests
{
    /// <summary>Asserts a 429 problem with an integer <c>Retry-After</c> of at least one second; returns the seconds and the problem's title.</summary>
    public static async Task<(int RetryAfter, string Title)> ExpectAsync(HttpResponseMessage response)
    {
        var problem = await response.ExpectProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.True(response.Headers.TryGetValues("Retry-After", out var values), "A 429 without Retry-After.");
        var text = Assert.Single(values);
        Assert.True(int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds >= 1, $"Retry-After is not whole seconds: '{text}'");
        return (seconds, problem["title"]!.GetValue<string>());
    }
}

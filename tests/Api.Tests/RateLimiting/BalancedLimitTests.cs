using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using EcommerceBackend.Api.Tests.Infrastructure;
using EcommerceBackend.Api.Tests.RunModes;
using Orleans.Streaming.RabbitMQ.Tests.Infrastructure;

namespace EcommerceBackend.Api.Tests.RateLimiting;

/// <summary>
/// The repository's balancer (<c>dotnet EcommerceBackend.Balancer.dll</c>) in front of an API node (<c>dotnet
/// EcommerceBackend.Api.dll</c>) on loopback, as <c>scripts/cluster.sh</c> runs them, with the default proxy settings.
/// Clients connect from addresses of their own (127.0.0.3, 127.0.0.4), so the node can tell them apart only by what the
/// balancer forwards.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class BalancedLimitTests : IDisposable
{
    private const int MaxRequests = 3;
    private readonly List<HostProcess> _processes = [];

    public void Dispose()
    {
        foreach (var process in _processes)
        {
            process.Dispose();
        }
    }

    [Fact]
    public async Task Behind_the_balancer_each_client_is_limited_by_its_own_address_whatever_x_forwarded_for_it_sends()
    {
        var ports = FreePorts.Take(4);
        var api = Start("api", RepoLayout.ApiDll, new()
        {
            ["PORT"] = Text(ports[0]),
            ["Cluster__SiloPort"] = Text(ports[1]),
            ["Cluster__GatewayPort"] = Text(ports[2]),
            ["JWT_SECRET"] = ApiFixture.JwtSecret,
            ["RATE_LIMIT_MAX_REQUESTS"] = Text(MaxRequests),
            ["RATE_LIMIT_WINDOW_MS"] = "600000",
        });
        var balancer = Start("balancer", RepoLayout.BalancerDll, new()
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{ports[3]}",
            ["Balancer__Destinations__0"] = $"http://127.0.0.1:{ports[0]}",
            ["Balancer__HealthCheckInterval"] = "00:00:00.500",
        });
        using var probe = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ports[3]}"), Timeout = TimeSpan.FromSeconds(10) };
        await Eventually.Until(
            "the balancer to find the API node healthy",
            async () =>
            {
                Assert.False(api.HasExited || balancer.HasExited, $"A process exited.\n{api}\n{balancer}");
                using var response = await probe.GetAsync("/balancer/health");
                return JsonNode.Parse(await response.Content.ReadAsStringAsync())?["nodes"]?.AsArray().Any(n => n?["active"]?.GetValue<string>() == "healthy") == true;
            },
            healthy => healthy,
            TimeSpan.FromSeconds(120));

        // One client rotating the X-Forwarded-For it sends: still one client, refused after its three requests.
        using var first = ClientFrom("127.0.0.3", ports[3]);
        for (var i = 1; i <= MaxRequests; i++)
        {
            using var response = await GetAsync(first, forwardedFor: $"203.0.113.{i}");
            await response.ExpectJsonAsync(HttpStatusCode.OK);
        }

        using (var refused = await GetAsync(first, forwardedFor: "203.0.113.200"))
        {
            await TooManyRequests.ExpectAsync(refused);
        }

        // Another client behind the same balancer: its own count, so the node counts the forwarded client, not the balancer.
        using var second = ClientFrom("127.0.0.4", ports[3]);
        using var answered = await GetAsync(second, forwardedFor: null);
        await answered.ExpectJsonAsync(HttpStatusCode.OK);
    }

    /// <summary>A client whose connections come from <paramref name="local"/>.</summary>
    private static HttpClient ClientFrom(string local, int port) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.Bind(new IPEndPoint(IPAddress.Parse(local), 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    })
    { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };

    private static Task<HttpResponseMessage> GetAsync(HttpClient client, string? forwardedFor)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/products");
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        return client.SendAsync(request);
    }

    private HostProcess Start(string name, string dll, Dictionary<string, string> environment)
    {
        var process = HostProcess.Start(name, dll, environment);
        _processes.Add(process);
        return process;
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}

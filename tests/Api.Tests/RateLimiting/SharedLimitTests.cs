using System.Net;
using System.Text.Json.Nodes;
using EcommerceBackend.Api.Tests.Infrastructure;
using EcommerceBackend.Api.Tests.RunModes;
using Orleans.Streaming.RabbitMQ.Tests.Infrastructure;

namespace EcommerceBackend.Api.Tests.RateLimiting;

/// <summary>
/// Cluster mode as processes: a silo and two API nodes (<c>dotnet EcommerceBackend.Api.dll</c>) on the tests' Redis. Every
/// request runs through each node's real pipeline on real routes; the nodes share the counts through Redis.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class SharedLimitTests
{
    private const int MaxRequests = 8;
    private const int LoginPermitLimit = 4;

    [Fact]
    public async Task Two_api_nodes_on_one_redis_count_every_limit_together()
    {
        await using var cluster = new ProcessCluster(TestRedis.ConnectionString, new Dictionary<string, string>
        {
            ["RATE_LIMIT_MAX_REQUESTS"] = $"{MaxRequests}",
            ["RATE_LIMIT_WINDOW_MS"] = "600000",
            ["RateLimit__LoginPermitLimit"] = $"{LoginPermitLimit}",
            ["RateLimit__LoginWindowMs"] = "600000",
            ["RateLimit__LoginFailuresBeforeDelay"] = "2",
            ["RateLimit__LoginDelayMs"] = "60000",
            ["RateLimit__LoginMaxDelayMs"] = "60000",
        });
        cluster.StartSilo("silo");
        var (_, a) = cluster.StartApi("api-a");
        var (_, b) = cluster.StartApi("api-b");
        using var nodeA = a;
        using var nodeB = b;
        HttpClient[] nodes = [nodeA, nodeB];
        await cluster.WaitForSilosAsync(nodeA, 1);
        await cluster.WaitForSilosAsync(nodeB, 1);

        // A signed-in user: 8 requests, half on each node, are its whole window; the 9th is refused wherever it goes.
        var token = TestTokens.Create("shared-limit-user", "customer", secret: ProcessCluster.JwtSecret);
        for (var i = 0; i < MaxRequests; i++)
        {
            using var response = await SendAsync(nodes[i % 2], HttpMethod.Get, "/api/products", token: token);
            await response.ExpectJsonAsync(HttpStatusCode.OK);
        }

        foreach (var node in nodes)
        {
            using var refused = await SendAsync(node, HttpMethod.Get, "/api/products", token: token);
            await TooManyRequests.ExpectAsync(refused);
        }

        // Login attempts from one address (forwarded by the loopback peer), alternating nodes: the 5th is refused, and that
        // address still browses on both nodes.
        const string address = "198.51.100.77";
        for (var i = 0; i < LoginPermitLimit; i++)
        {
            using var wrong = await LoginAsync(nodes[i % 2], ApiFixture.UniqueEmail(), "Wrong-Passw0rd", address);
            await wrong.ExpectProblemAsync(HttpStatusCode.Unauthorized);
        }

        using (var limited = await LoginAsync(nodeA, ApiFixture.UniqueEmail(), "Wrong-Passw0rd", address))
        {
            await TooManyRequests.ExpectAsync(limited);
        }

        foreach (var node in nodes)
        {
            using var browse = await SendAsync(node, HttpMethod.Get, "/api/products", forwardedFor: address);
            await browse.ExpectJsonAsync(HttpStatusCode.OK);
        }

        // Two failed logins of one account, one on each node, lock it on both.
        using (var first = await LoginAsync(nodeA, cluster.AdminEmail, "Wrong-Passw0rd", "198.51.100.78"))
        {
            await first.ExpectProblemAsync(HttpStatusCode.Unauthorized);
        }

        using (var second = await LoginAsync(nodeB, cluster.AdminEmail, "Wrong-Passw0rd", "198.51.100.79"))
        {
            await second.ExpectProblemAsync(HttpStatusCode.Unauthorized);
        }

        foreach (var node in nodes)
        {
            using var locked = await LoginAsync(node, cluster.AdminEmail, ProcessCluster.AdminPassword, "198.51.100.80");
            var (retryAfter, title) = await TooManyRequests.ExpectAsync(locked);
            Assert.InRange(retryAfter, 30, 60);
            Assert.Contains("failed logins", title, StringComparison.Ordinal);
        }
    }

    private static Task<HttpResponseMessage> LoginAsync(HttpClient node, string email, string password, string forwardedFor) =>
        SendAsync(node, HttpMethod.Post, "/api/customers/login", ApiFixture.Json(new JsonObject { ["email"] = email, ["password"] = password }), forwardedFor: forwardedFor);

    private static Task<HttpResponseMessage> SendAsync(
        HttpClient node, HttpMethod method, string path, HttpContent? content = null, string? token = null, string? forwardedFor = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        if (token is not null)
        {
            request.Headers.Authorization = new("Bearer", token);
        }

        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        return node.SendAsync(request);
    }
}

using System.Net;
using EcommerceBackend.Api.Tests.Infrastructure;

namespace EcommerceBackend.Api.Tests.RateLimiting;

/// <summary>
/// Whom the general limit (3 requests a window here) counts: the signed-in user, else the client address, which is the
/// peer's own unless the peer is a configured proxy. The tests' peer is 127.0.0.1: trusted by default, not when
/// <c>ForwardedHeaders:KnownProxies</c> names only some other proxy.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class LimitPartitionTests(LimitPartitionTests.Apps apps) : IClassFixture<LimitPartitionTests.Apps>
{
    private const int MaxRequests = 3;

    [Fact]
    public async Task A_client_that_is_no_configured_proxy_cannot_dodge_the_limit_by_rotating_x_forwarded_for()
    {
        for (var i = 1; i <= MaxRequests; i++)
        {
            using var client = apps.Untrusted.CreateClient(forwardedFor: $"203.0.113.{i}");
            using var response = await client.GetAsync("/api/products");
            await response.ExpectJsonAsync(HttpStatusCode.OK);
        }

        using var rotated = apps.Untrusted.CreateClient(forwardedFor: "203.0.113.99");
        using var refused = await rotated.GetAsync("/api/products");
        await TooManyRequests.ExpectAsync(refused);
    }

    [Fact]
    public async Task Behind_a_configured_proxy_each_forwarded_client_address_has_its_own_limit()
    {
        // Ten clients behind the proxy, one request each: none is limited by the others.
        for (var i = 1; i <= 10; i++)
        {
            using var client = apps.Trusted.CreateClient(forwardedFor: $"192.0.2.{i}");
            using var response = await client.GetAsync("/api/products");
            await response.ExpectJsonAsync(HttpStatusCode.OK);
        }

        // One client past its limit; what it wrote itself before the proxy's entry does not make it someone else.
        using var one = apps.Trusted.CreateClient(forwardedFor: "192.0.2.50");
        for (var i = 0; i < MaxRequests; i++)
        {
            using var response = await one.GetAsync("/api/products");
            await response.ExpectJsonAsync(HttpStatusCode.OK);
        }

        using var forged = apps.Trusted.CreateClient(forwardedFor: "10.9.8.7, 192.0.2.50");
        using var refused = await forged.GetAsync("/api/products");
        var (retryAfter, _) = await TooManyRequests.ExpectAsync(refused);
        Assert.InRange(retryAfter, 1, 600);
    }

    [Fact]
    public async Task A_signed_in_user_is_limited_as_a_user_not_by_the_address_it_shares()
    {
        var address = "192.0.2.200";
        using var user = apps.Trusted.CreateClient(forwardedFor: address, token: TestTokens.Create("partition-user-a", "customer"));
        for (var i = 0; i < MaxRequests; i++)
        {
            using var response = await user.GetAsync("/api/products");
            await response.ExpectJsonAsync(HttpStatusCode.OK);
        }

        using var refused = await user.GetAsync("/api/products");
        await TooManyRequests.ExpectAsync(refused);

        // Another user, and an anonymous client, at the same address: their own counts.
        using var other = apps.Trusted.CreateClient(forwardedFor: address, token: TestTokens.Create("partition-user-b", "customer"));
        using var otherResponse = await other.GetAsync("/api/products");
        await otherResponse.ExpectJsonAsync(HttpStatusCode.OK);
        using var anonymous = apps.Trusted.CreateClient(forwardedFor: address);
        using var anonymousResponse = await anonymous.GetAsync("/api/products");
        await anonymousResponse.ExpectJsonAsync(HttpStatusCode.OK);
    }

    public sealed class Apps : IAsyncLifetime
    {
        public LimitedApi Trusted { get; private set; } = null!;

        public LimitedApi Untrusted { get; private set; } = null!;

        public Task InitializeAsync()
        {
            var general = new Dictionary<string, string?>
            {
                ["RateLimit:MaxRequests"] = MaxRequests.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["RateLimit:WindowMs"] = "600000",
            };
            Trusted = LimitedApi.Start(general);
            Untrusted = LimitedApi.Start(new Dictionary<string, string?>(general) { ["ForwardedHeaders:KnownProxies"] = "192.0.2.254" });
            return Task.CompletedTask;
        }

        public async Task DisposeAsync()
        {
            await Trusted.DisposeAsync();
            await Untrusted.DisposeAsync();
        }
    }
}

using System.Net;
using EcommerceBackend.Api.Tests.Infrastructure;
using Orleans.Streaming.RabbitMQ.Tests.Infrastructure;

namespace EcommerceBackend.Api.Tests.RateLimiting;

/// <summary>
/// Login and registration limits, on whatever the general limit says: per client address (8 attempts a window here) and per
/// account, with failed logins locking the account for 2 s, then 4 s. Each test speaks from addresses of its own, forwarded
/// by the loopback peer the default settings trust.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class LoginLimitTests(LoginLimitTests.App app) : IClassFixture<LoginLimitTests.App>
{
    private const int PermitLimit = 8;

    [Fact]
    public async Task Login_attempts_from_one_address_are_limited_while_that_address_still_browses()
    {
        var address = App.NextAddress();
        using var client = app.Api.CreateClient(forwardedFor: address);
        for (var i = 0; i < PermitLimit; i++)
        {
            using var wrong = await LimitedApi.LoginAsync(client, ApiFixture.UniqueEmail(), "Wrong-Passw0rd");
            await wrong.ExpectProblemAsync(HttpStatusCode.Unauthorized);
        }

        using var limited = await LimitedApi.LoginAsync(client, ApiFixture.UniqueEmail(), "Wrong-Passw0rd");
        var (retryAfter, _) = await TooManyRequests.ExpectAsync(limited);
        Assert.InRange(retryAfter, 1, 600);

        // Registration shares the address's attempts.
        using var register = await LimitedApi.RegisterAsync(client, ApiFixture.UniqueEmail());
        await TooManyRequests.ExpectAsync(register);

        // Browsing from the same address is not touched.
        using var products = await client.GetAsync("/api/products");
        await products.ExpectJsonAsync(HttpStatusCode.OK);
        using var search = await client.GetAsync("/api/products/search?q=lamp");
        await search.ExpectJsonAsync(HttpStatusCode.OK);

        // Nor is another address's login.
        using var other = app.Api.CreateClient(forwardedFor: App.NextAddress());
        using var elsewhere = await LimitedApi.LoginAsync(other, ApiFixture.UniqueEmail(), "Wrong-Passw0rd");
        await elsewhere.ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Failed_logins_lock_the_account_for_growing_times_from_any_address_and_a_success_starts_over()
    {
        var email = ApiFixture.UniqueEmail();
        var password = ApiFixture.CustomerPassword;
        using (var registered = await LimitedApi.RegisterAsync(app.Api.CreateClient(forwardedFor: App.NextAddress()), email, password))
        {
            await registered.ExpectJsonAsync(HttpStatusCode.Created);
        }

        // Every attempt from a new address: only the account's own limit can refuse them.
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(email, "Wrong-Passw0rd")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(email, "Wrong-Passw0rd")).Status);

        // The second failure locked it for 2 s: even the right password waits.
        var first = await LoginAsync(email, password);
        Assert.Equal(HttpStatusCode.TooManyRequests, first.Status);
        Assert.InRange(first.RetryAfter, 1, 2);
        Assert.Contains("failed logins", first.Title, StringComparison.Ordinal);

        // Once it ends, the next failure locks it for twice as long.
        var third = await Eventually.Until("the first lock to end", () => LoginAsync(email, "Wrong-Passw0rd"), a => a.Status != HttpStatusCode.TooManyRequests);
        Assert.Equal(HttpStatusCode.Unauthorized, third.Status);
        var second = await LoginAsync(email, password);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.Status);
        Assert.InRange(second.RetryAfter, 3, 4);

        // The right password after the lock: in, and the failures are forgotten, so two more lock it for 2 s again, not 8.
        var success = await Eventually.Until("the second lock to end", () => LoginAsync(email, password), a => a.Status != HttpStatusCode.TooManyRequests);
        Assert.Equal(HttpStatusCode.OK, success.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(email, "Wrong-Passw0rd")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(email, "Wrong-Passw0rd")).Status);
        var again = await LoginAsync(email, password);
        Assert.Equal(HttpStatusCode.TooManyRequests, again.Status);
        Assert.InRange(again.RetryAfter, 1, 2);
    }

    [Fact]
    public async Task An_account_is_limited_however_many_addresses_try_it()
    {
        var email = ApiFixture.UniqueEmail();
        // Registration attempts for one email, each from its own address: the account's window refuses the ninth.
        for (var i = 0; i < PermitLimit; i++)
        {
            using var client = app.Api.CreateClient(forwardedFor: App.NextAddress());
            using var response = await LimitedApi.RegisterAsync(client, email);
            Assert.Equal(i == 0 ? HttpStatusCode.Created : HttpStatusCode.Conflict, response.StatusCode);
        }

        using var last = app.Api.CreateClient(forwardedFor: App.NextAddress());
        using var refused = await LimitedApi.RegisterAsync(last, email);
        var (_, title) = await TooManyRequests.ExpectAsync(refused);
        Assert.Contains("this account", title, StringComparison.Ordinal);
    }

    private async Task<(HttpStatusCode Status, int RetryAfter, string Title)> LoginAsync(string email, string password)
    {
        using var client = app.Api.CreateClient(forwardedFor: App.NextAddress());
        using var response = await LimitedApi.LoginAsync(client, email, password);
        if (response.StatusCode != HttpStatusCode.TooManyRequests)
        {
            return (response.StatusCode, 0, "");
        }

        var (retryAfter, title) = await TooManyRequests.ExpectAsync(response);
        return (response.StatusCode, retryAfter, title);
    }

    public sealed class App : IAsyncLifetime
    {
        private static int _addresses;

        public LimitedApi Api { get; private set; } = null!;

        /// <summary>An address of TEST-NET-2 no other request of the run used.</summary>
        public static string NextAddress()
        {
            var n = Interlocked.Increment(ref _addresses);
            return $"198.51.{100 + (n / 250)}.{1 + (n % 250)}";
        }

        public Task InitializeAsync()
        {
            Api = LimitedApi.Start(new Dictionary<string, string?>
            {
                ["RateLimit:LoginPermitLimit"] = PermitLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["RateLimit:LoginWindowMs"] = "600000",
                ["RateLimit:LoginFailuresBeforeDelay"] = "2",
                ["RateLimit:LoginDelayMs"] = "2000",
                ["RateLimit:LoginMaxDelayMs"] = "8000",
            });
            return Task.CompletedTask;
        }

        public async Task DisposeAsync() => await Api.DisposeAsync();
    }
}

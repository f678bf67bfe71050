using System.Net;
using System.Text.Json.Nodes;
using EcommerceBackend.Api.Tests.Infrastructure;
using EcommerceBackend.Api.Tests.RateLimiting;

namespace EcommerceBackend.Api.Tests.Admin;

/// <summary>The Orleans Dashboard, switched on in an embedded app: served under /dashboard to administrators only.</summary>
public sealed class DashboardTests : IAsyncLifetime
{
    private readonly string _adminEmail = $"admin-{Guid.NewGuid():N}@tests.example";
    private LimitedApi? _api;

    public Task InitializeAsync()
    {
        _api = LimitedApi.Start(new Dictionary<string, string?>
        {
            ["Dashboard:Enabled"] = "true",
            ["Admin:Email"] = _adminEmail,
            ["RateLimit:LoginPermitLimit"] = ApiFixture.Unlimited,
            ["RateLimit:LoginFailuresBeforeDelay"] = ApiFixture.Unlimited,
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_dashboard_answers_401_without_a_token_403_to_a_customer_and_200_to_an_administrator()
    {
        using var anonymous = _api!.CreateClient();
        using var unauthenticated = await anonymous.GetAsync("/dashboard/");
        Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);

        using var registered = await LimitedApi.RegisterAsync(anonymous, ApiFixture.UniqueEmail());
        var customerToken = (await registered.ExpectJsonAsync(HttpStatusCode.Created))["token"]!.GetValue<string>();
        using var customer = _api.CreateClient(token: customerToken);
        using var forbidden = await customer.GetAsync("/dashboard/");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);

        using var login = await LimitedApi.LoginAsync(anonymous, _adminEmail, ApiFixture.AdminPassword);
        var adminToken = (await login.ExpectJsonAsync(HttpStatusCode.OK))["token"]!.GetValue<string>();
        using var admin = _api.CreateClient(token: adminToken);
        using var page = await admin.GetAsync("/dashboard/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("html", await page.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);

        // The data behind the page comes from the silo's dashboard grain, to the administrator only.
        using var counters = await admin.GetAsync("/dashboard/DashboardCounters");
        Assert.Equal(HttpStatusCode.OK, counters.StatusCode);
        Assert.Equal("application/json", counters.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(JsonNode.Parse(await counters.Content.ReadAsStringAsync()));
        using var customerCounters = await customer.GetAsync("/dashboard/DashboardCounters");
        Assert.Equal(HttpStatusCode.Forbidden, customerCounters.StatusCode);
    }

    [Fact]
    public async Task Without_the_setting_there_is_no_dashboard()
    {
        await using var api = LimitedApi.Start(new Dictionary<string, string?>());
        using var client = api.CreateClient();
        using var response = await client.GetAsync("/dashboard/DashboardCounters");

        // Unmapped, the path falls through to the web front end's pages, never to the cluster's counters.
        Assert.NotEqual("application/json", response.Content.Headers.ContentType?.MediaType);
    }
}

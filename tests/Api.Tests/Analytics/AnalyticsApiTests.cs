using System.Net;
using System.Text.Json.Nodes;
using EcommerceBackend.Api.Tests.Infrastructure;
using EcommerceBackend.Api.Tests.Orders;
using Orleans.Streaming.RabbitMQ.Tests.Infrastructure;

namespace EcommerceBackend.Api.Tests.Analytics;

/// <summary><c>/api/analytics</c>: admins only, each bad query parameter named, and answers that follow the orders placed.</summary>
[Collection(ApiCollection.Name)]
public sealed class AnalyticsApiTests(ApiFixture app)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    public static TheoryData<string> Routes => new()
    {
        "/api/analytics/summary",
        "/api/analytics/sales?interval=hour",
        "/api/analytics/top-products?by=revenue",
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Every_route_is_401_without_a_token_and_403_for_a_customer(string route)
    {
        using var anonymous = app.CreateClient();
        using var none = await anonymous.GetAsync(route);
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);

        using var customer = app.CreateClient((await app.RegisterCustomerAsync()).Token);
        using var forbidden = await customer.GetAsync(route);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.False(forbidden.Headers.CacheControl?.MaxAge is not null, "a refusal is not a cacheable answer");
    }

    [Theory]
    [InlineData("/api/analytics/sales?interval=week", "interval")]
    [InlineData("/api/analytics/sales?interval=", "interval")]
    [InlineData("/api/analytics/sales?interval=hour&interval=day", "interval")]
    [InlineData("/api/analytics/sales?from=yesterday", "from")]
    [InlineData("/api/analytics/sales?to=2024-13-01", "to")]
    [InlineData("/api/analytics/sales?from=2024-02-01&to=2024-01-01", "from")]
    [InlineData("/api/analytics/sales?interval=hour&from=2024-01-01&to=2024-03-01", "to")]
    [InlineData("/api/analytics/sales?interval=day&from=2000-01-01&to=2024-01-01", "to")]
    [InlineData("/api/analytics/sales?interval=week&from=nope&to=never", "interval", "from", "to")]
    [InlineData("/api/analytics/sales?to=0001-01-02", "to")]
    [InlineData("/api/analytics/sales?interval=hour&from=9999-12-31T23:00:00Z&to=9999-12-31T23:59:00Z", "from", "to")]
    [InlineData("/api/analytics/top-products?by=price", "by")]
    [InlineData("/api/analytics/top-products?limit=0", "limit")]
    [InlineData("/api/analytics/top-products?limit=101", "limit")]
    [InlineData("/api/analytics/top-products?limit=ten", "limit")]
    [InlineData("/api/analytics/top-products?by=Units&limit=-1", "by", "limit")]
    public async Task A_bad_query_is_400_naming_each_bad_parameter(string route, params string[] fields)
    {
        using var admin = await app.CreateAdminClientAsync();
        using var response = await admin.GetAsync(route);
        await response.ExpectValidationProblemAsync(fields);
    }

    [Fact]
    public async Task Answers_follow_the_orders_placed_and_say_how_long_they_may_be_reused()
    {
        using var admin = await app.CreateAdminClientAsync();
        var before = await GetAsync(admin, "/api/analytics/summary");
        var customer = await app.RegisterCustomerAsync();
        var productId = await app.NewProductAsync(price: 9_999.99m, stock: 1000);

        var order = await app.PlaceAsync(customer, new Line(productId, 1000));
        var placedAt = DateTimeOffset.Parse(order["createdAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);

        var top = await WaitForAsync(admin, "/api/analytics/top-products?by=revenue&limit=100", t => Items(t).Any(p => Id(p) == productId));
        var mine = Items(top).Single(p => Id(p) == productId)!;
        Assert.Equal((1000, 9_999_990m), (mine["units"]!.GetValue<int>(), mine["revenue"]!.GetValue<decimal>()));
        Assert.Equal(("revenue", 100), (top["by"]!.GetValue<string>(), top["limit"]!.GetValue<int>()));
        var revenues = Items(top).Select(p => p!["revenue"]!.GetValue<decimal>()).ToList();
        Assert.Equal(revenues.OrderDescending(), revenues);

        var summary = await WaitForAsync(
            admin,
            "/api/analytics/summary",
            s => Int(s, "totalOrders") > Int(before, "totalOrders") && Int(s, "registrations") > Int(before, "registrations"));
        Assert.True(summary["revenue"]!.GetValue<decimal>() >= before["revenue"]!.GetValue<decimal>() + 9_999_990m);
        Assert.True(summary["version"]!.GetValue<long>() > before["version"]!.GetValue<long>());
        Assert.Equal(
            ["pending", "confirmed", "shipped", "delivered", "cancelled"],
            summary["ordersByStatus"]!.AsObject().Select(e => e.Key));

        var hour = placedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var sales = await WaitForAsync(admin, $"/api/analytics/sales?interval=hour&from={hour}&to={hour}", s => Int(Buckets(s)[0], "orders") > 0);
        var bucket = Assert.Single(Buckets(sales))!;
        Assert.Equal(hour, bucket["start"]!.GetValue<DateTimeOffset>().UtcDateTime.ToString("yyyy-MM-ddTHH:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(bucket["revenue"]!.GetValue<decimal>() >= 9_999_990m);

        using var response = await admin.GetAsync("/api/analytics/sales");
        var defaults = await response.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(("day", 30), (defaults["interval"]!.GetValue<string>(), Buckets(defaults).Count));
        // CACHE_TTL is not set: its default of one second.
        Assert.Equal((true, TimeSpan.FromSeconds(1)), (response.Headers.CacheControl?.Private, response.Headers.CacheControl?.MaxAge));
    }

    private static async Task<JsonObject> GetAsync(HttpClient client, string route)
    {
        using var response = await client.GetAsync(route);
        return await response.ExpectJsonAsync(HttpStatusCode.OK);
    }

    /// <summary>Polls a route (up to <see cref="Deadline"/>) until its answer matches.</summary>
    private static Task<JsonObject> WaitForAsync(HttpClient client, string route, Func<JsonObject, bool> done) =>
        Eventually.Until($"{route} to show the change", () => GetAsync(client, route), done, Deadline);

    private static JsonArray Items(JsonObject answer) => answer["items"]!.AsArray();

    private static JsonArray Buckets(JsonObject answer) => answer["buckets"]!.AsArray();

    private static string Id(JsonNode? product) => product!["productId"]!.GetValue<string>();

    private static int Int(JsonNode? node, string field) => node![field]!.GetValue<int>();
}

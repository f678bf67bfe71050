using System.Net;
using System.Text.Json.Nodes;
using EcommerceBackend.Api.Tests.Infrastructure;
using EcommerceBackend.Api.Tests.Orders;
using EcommerceBackend.Contracts.Products;
using EcommerceBackend.Grains.Products;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Streaming.RabbitMQ.Tests.Infrastructure;

namespace EcommerceBackend.Api.Tests.Notifications;

/// <summary>
/// <c>/api/notifications</c> (the caller's own inbox) and <c>/api/alerts</c> (the admins' inbox): listing,
/// marking read, who may see what, and bad input.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class NotificationApiTests(ApiFixture app)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task An_order_placed_and_moved_shows_up_newest_first_in_the_owners_notifications_with_an_unread_count()
    {
        var customer = await app.RegisterCustomerAsync();
        var order = OrderApi.Id(await app.PlaceAsync(customer, new Line(await app.NewProductAsync(stock: 50), 1)));
        await app.WalkAsync(order, "confirmed");

        var page = await WaitForAsync(customer.Token, "/api/notifications", p => Items(p).Count == 2);
        Assert.Equal(["order.updated", "order.created"], Items(page).Select(n => n["type"]!.GetValue<string>()));
        Assert.All(Items(page), n => Assert.Equal(order, n["subject"]!.GetValue<string>()));
        Assert.Contains(order, Items(page)[1]["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("confirmed", Items(page)[0]["title"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal((2, 2, 1, 1, 20), (Unread(page), HttpAssertions.Total(page), page["page"]!.GetValue<int>(), page["totalPages"]!.GetValue<int>(), page["limit"]!.GetValue<int>()));
        Assert.All(Items(page), n => Assert.False(n["read"]!.GetValue<bool>()));

        using var client = app.CreateClient(customer.Token);
        using var second = await client.GetAsync("/api/notifications?page=2&limit=1");
        var secondPage = await second.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("order.created", Assert.Single(Items(secondPage))["type"]!.GetValue<string>());
        Assert.Equal((2, 2), (HttpAssertions.Total(secondPage), secondPage["totalPages"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Marking_one_then_all_read_lowers_the_unread_count_and_the_unread_filter_follows()
    {
        var customer = await app.RegisterCustomerAsync();
        var order = OrderApi.Id(await app.PlaceAsync(customer, new Line(await app.NewProductAsync(stock: 50), 1)));
        await app.WalkAsync(order, "confirmed", "shipped");
        var page = await WaitForAsync(customer.Token, "/api/notifications", p => Items(p).Count == 3);
        var newest = Items(page)[0]["id"]!.GetValue<string>();
        using var client = app.CreateClient(customer.Token);

        using var read = await client.PostAsync($"/api/notifications/{newest}/read", null);
        var marked = await read.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.True(marked["read"]!.GetValue<bool>());
        Assert.Equal(newest, marked["id"]!.GetValue<string>());
        using var again = await client.PostAsync($"/api/notifications/{newest}/read", null);
        await again.ExpectJsonAsync(HttpStatusCode.OK);

        var unread = await GetAsync(client, "/api/notifications?unread=true");
        Assert.Equal((2, 2), (HttpAssertions.Total(unread), Unread(unread)));
        Assert.DoesNotContain(newest, Items(unread).Select(n => n["id"]!.GetValue<string>()));
        var readOnes = await GetAsync(client, "/api/notifications?unread=false");
        Assert.Equal(newest, Assert.Single(Items(readOnes))["id"]!.GetValue<string>());

        using var all = await client.PostAsync("/api/notifications/read-all", null);
        var answer = await all.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal((2, 0), (answer["marked"]!.GetValue<int>(), answer["unreadCount"]!.GetValue<int>()));
        var after = await GetAsync(client, "/api/notifications");
        Assert.Equal((0, 3), (Unread(after), HttpAssertions.Total(after)));
        Assert.Equal(0, HttpAssertions.Total(await GetAsync(client, "/api/notifications?unread=true")));
    }

    [Fact]
    public async Task Marking_an_unknown_or_malformed_id_read_is_404_and_changes_nothing()
    {
        var customer = await app.RegisterCustomerAsync();
        await app.PlaceAsync(customer, new Line(await app.NewProductAsync(stock: 50), 1));
        await WaitForAsync(customer.Token, "/api/notifications", p => Items(p).Count == 1);
        using var client = app.CreateClient(customer.Token);

        using var unknown = await client.PostAsync($"/api/notifications/{Contracts.EntityId.New()}/read", null);
        using var malformed = await client.PostAsync("/api/notifications/not-an-id/read", null);

        await unknown.ExpectProblemAsync(HttpStatusCode.NotFound);
        await malformed.ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(1, Unread(await GetAsync(client, "/api/notifications")));
    }

    [Fact]
    public async Task A_customer_never_sees_or_marks_another_customers_notifications()
    {
        var owner = await app.RegisterCustomerAsync();
        var other = await app.RegisterCustomerAsync();
        await app.PlaceAsync(owner, new Line(await app.NewProductAsync(stock: 50), 1));
        var page = await WaitForAsync(owner.Token, "/api/notifications", p => Items(p).Count == 1);
        var id = Items(page)[0]["id"]!.GetValue<string>();
        using var client = app.CreateClient(other.Token);

        var theirs = await GetAsync(client, "/api/notifications");
        Assert.Equal((0, 0), (HttpAssertions.Total(theirs), Unread(theirs)));
        using var read = await client.PostAsync($"/api/notifications/{id}/read", null);
        await read.ExpectProblemAsync(HttpStatusCode.NotFound);
        using var all = await client.PostAsync("/api/notifications/read-all", null);
        Assert.Equal(0, (await all.ExpectJsonAsync(HttpStatusCode.OK))["marked"]!.GetValue<int>());

        using var ownerClient = app.CreateClient(owner.Token);
        Assert.Equal(1, Unread(await GetAsync(ownerClient, "/api/notifications")));
    }

    [Fact]
    public async Task Stock_falling_below_the_threshold_is_an_alert_admins_can_list_and_filter_by_type()
    {
        var threshold = app.Services.GetRequiredService<IOptions<CatalogOptions>>().Value.LowStockThreshold;
        var customer = await app.RegisterCustomerAsync();
        var product = await app.NewProductAsync(stock: threshold + 2);
        await app.PlaceAsync(customer, new Line(product, 3));
        var admin = await app.AdminTokenAsync();

        var page = await WaitForAsync(admin, $"/api/alerts?type=product.stock_low&limit={ApiFixture.MaxPageSize}", p => Items(p).Any(n => About(n) == product));
        var alert = Assert.Single(Items(page), n => About(n) == product);
        Assert.Equal("product.stock_low", alert["type"]!.GetValue<string>());
        Assert.Contains(product, alert["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.All(Items(page), n => Assert.Equal("product.stock_low", n["type"]!.GetValue<string>()));
        Assert.True(Unread(page) >= 1);

        using var client = app.CreateClient(admin);
        var orders = await GetAsync(client, $"/api/alerts?type=order.created&limit={ApiFixture.MaxPageSize}");
        Assert.DoesNotContain(Items(orders), n => About(n) == product);
        using var customerClient = app.CreateClient(customer.Token);
        Assert.DoesNotContain(Items(await GetAsync(customerClient, "/api/notifications")), n => About(n) == product);
    }

    [Fact]
    public async Task Without_a_token_every_route_is_401_and_a_customer_on_alerts_is_403()
    {
        using var anonymous = app.CreateClient();
        using var list = await anonymous.GetAsync("/api/notifications");
        using var read = await anonymous.PostAsync($"/api/notifications/{Contracts.EntityId.New()}/read", null);
        using var readAll = await anonymous.PostAsync("/api/notifications/read-all", null);
        using var alerts = await anonymous.GetAsync("/api/alerts");
        foreach (var response in new[] { list, read, readAll, alerts })
        {
            await response.ExpectProblemAsync(HttpStatusCode.Unauthorized);
        }

        var customer = await app.RegisterCustomerAsync();
        using var client = app.CreateClient(customer.Token);
        using var forbidden = await client.GetAsync("/api/alerts");
        await forbidden.ExpectProblemAsync(HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("/api/notifications?page=0", "page")]
    [InlineData("/api/notifications?limit=101", "limit")]
    [InlineData("/api/notifications?limit=abc", "limit")]
    [InlineData("/api/notifications?unread=yes", "unread")]
    [InlineData("/api/notifications?unread=true&unread=false", "unread")]
    [InlineData("/api/notifications?type=order.shipped", "type")]
    [InlineData("/api/alerts?page=-1", "page")]
    [InlineData("/api/alerts?limit=0", "limit")]
    [InlineData("/api/alerts?type=nonsense", "type")]
    [InlineData("/api/alerts?type=", "type")]
    [InlineData("/api/alerts?unread=1&page=x", "unread", "page")]
    public async Task Bad_paging_or_filters_are_400_naming_each_field(string path, params string[] fields)
    {
        var token = path.StartsWith("/api/alerts", StringComparison.Ordinal) ? await app.AdminTokenAsync() : (await app.RegisterCustomerAsync()).Token;
        using var client = app.CreateClient(token);

        using var response = await client.GetAsync(path);

        await response.ExpectValidationProblemAsync(fields);
    }

    private static List<JsonObject> Items(JsonObject page) => page["items"]!.AsArray().Select(n => n!.AsObject()).ToList();

    private static int Unread(JsonObject page) => page["unreadCount"]!.GetValue<int>();

    private static string About(JsonObject notification) => notification["subject"]!.GetValue<string>();

    private static async Task<JsonObject> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        return await response.ExpectJsonAsync(HttpStatusCode.OK);
    }

    /// <summary>Polls <paramref name="path"/> (up to a deadline) until its page satisfies <paramref name="done"/>; returns that page.</summary>
    private async Task<JsonObject> WaitForAsync(string token, string path, Func<JsonObject, bool> done)
    {
        using var client = app.CreateClient(token);
        return await Eventually.Until($"GET {path} to reach the expected page", () => GetAsync(client, path), done, Deadline);
    }
}

using System.Net;
using System.Text.Json.Nodes;
using EcommerceBackend.Api.Tests.Infrastructure;

namespace EcommerceBackend.Api.Tests.Orders;

/// <summary><c>GET /api/orders/{id}</c> and <c>GET /api/orders/customer/{customerId}</c>.</summary>
[Collection(ApiCollection.Name)]
public sealed class OrderReadTests(ApiFixture app)
{
    [Fact]
    public async Task The_owner_and_an_admin_read_an_order_alike()
    {
        var product = await app.NewProductAsync();
        var customer = await app.RegisterCustomerAsync();
        var placed = await app.PlaceAsync(customer, new Line(product, 1));
        using var client = app.CreateClient(customer.Token);

        using var byOwner = await client.GetAsync($"/api/orders/{OrderApi.Id(placed)}");

        Assert.Equal(placed.ToJsonString(), (await byOwner.ExpectJsonAsync(HttpStatusCode.OK)).ToJsonString());
        Assert.Equal(placed.ToJsonString(), (await app.ReadOrderAsync(OrderApi.Id(placed))).ToJsonString());
    }

    [Fact]
    public async Task Another_customers_order_is_404_exactly_like_an_order_that_does_not_exist()
    {
        var product = await app.NewProductAsync();
        var owner = await app.RegisterCustomerAsync();
        var stranger = await app.RegisterCustomerAsync();
        var order = await app.PlaceAsync(owner, new Line(product, 1));
        var id = OrderApi.Id(order);
        const string missing = "0000000000000000000000aa";
        using var client = app.CreateClient(stranger.Token);

        using var theirs = await client.GetAsync($"/api/orders/{id}");
        using var nobodys = await client.GetAsync($"/api/orders/{missing}");

        var hidden = await theirs.ExpectProblemAsync(HttpStatusCode.NotFound);
        var absent = await nobodys.ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(Shape(absent, missing), Shape(hidden, id));
        Assert.DoesNotContain(owner.Id, hidden.ToJsonString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0123456789abcdef01234567")]
    [InlineData("0123456789ABCDEF01234567")]
    [InlineData("not-an-id")]
    [InlineData("zzzzzzzzzzzzzzzzzzzzzzzz")]
    [InlineData("%E2%82%AC")]
    [InlineData("LONG")]
    public async Task An_unknown_or_malformed_order_id_is_404_for_reads_status_changes_and_cancels(string id)
    {
        if (id == "LONG")
        {
            id = new string('a', 2000);
        }

        using var admin = await app.CreateAdminClientAsync();

        using var read = await admin.GetAsync($"/api/orders/{id}");
        using var patch = await admin.PatchStatusAsync(id, "confirmed");
        using var cancel = await admin.DeleteAsync($"/api/orders/{id}");

        var problem = await read.ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.True(problem["title"]!.GetValue<string>().Length < 200, "The 404 echoes an unbounded id back.");
        await patch.ExpectProblemAsync(HttpStatusCode.NotFound);
        await cancel.ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_customers_list_is_newest_first_and_pages_like_every_list()
    {
        var product = await app.NewProductAsync(stock: 10);
        var customer = await app.RegisterCustomerAsync();
        var placed = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            placed.Add(OrderApi.Id(await app.PlaceAsync(customer, new Line(product, 1))));
        }

        placed.Reverse();
        using var client = app.CreateClient(customer.Token);
        var pages = new List<JsonObject>();
        for (var page = 1; page <= 4; page++)
        {
            using var response = await client.GetAsync($"/api/orders/customer/{customer.Id}?page={page}&limit=2");
            pages.Add(await response.ExpectJsonAsync(HttpStatusCode.OK));
        }

        Assert.All(pages, p => Assert.Equal(["items", "limit", "page", "total", "totalPages"], p.Select(e => e.Key).Order(StringComparer.Ordinal)));
        Assert.Equal([2, 2, 1, 0], pages.Select(p => p["items"]!.AsArray().Count));
        Assert.Equal([1, 2, 3, 4], pages.Select(p => p["page"]!.GetValue<int>()));
        Assert.All(pages, p => Assert.Equal(2, p["limit"]!.GetValue<int>()));
        Assert.All(pages, p => Assert.Equal(5, HttpAssertions.Total(p)));
        Assert.All(pages, p => Assert.Equal(3, p["totalPages"]!.GetValue<int>()));
        Assert.Equal(placed, pages.SelectMany(HttpAssertions.Ids));
        // The items are whole orders, as GET /api/orders/{id} answers them.
        var newest = pages[0]["items"]![0]!.AsObject();
        Assert.Equal((await app.ReadOrderAsync(placed[0])).ToJsonString(), newest.ToJsonString());
    }

    [Fact]
    public async Task A_list_without_paging_parameters_is_page_1_of_20_and_a_customer_without_orders_has_an_empty_list()
    {
        var customer = await app.RegisterCustomerAsync();
        using var client = app.CreateClient(customer.Token);

        using var response = await client.GetAsync($"/api/orders/customer/{customer.Id}");

        var page = await response.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Empty(page["items"]!.AsArray());
        Assert.Equal((1, 20, 0, 0), (page["page"]!.GetValue<int>(), page["limit"]!.GetValue<int>(), HttpAssertions.Total(page), page["totalPages"]!.GetValue<int>()));
    }

    [Fact]
    public async Task An_admin_lists_any_customers_orders()
    {
        var product = await app.NewProductAsync();
        var customer = await app.RegisterCustomerAsync();
        var order = await app.PlaceAsync(customer, new Line(product, 1));

        Assert.Equal([OrderApi.Id(order)], await app.OrderIdsOfAsync(customer.Id));
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("limit=2147483648", "limit")]
    [InlineData("limit=-1", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("page=0", "page")]
    [InlineData("page=-1", "page")]
    [InlineData("page=1.5", "page")]
    [InlineData("page=1&page=2", "page")]
    [InlineData("page=0&limit=0", "page,limit")]
    public async Task Bad_paging_parameters_are_400_naming_them(string query, string fields)
    {
        var customer = await app.RegisterCustomerAsync();
        using var client = app.CreateClient(customer.Token);

        using var response = await client.GetAsync($"/api/orders/customer/{customer.Id}?{query}");

        await response.ExpectValidationProblemAsync(fields.Split(','));
    }

    [Fact]
    public async Task The_largest_limit_is_accepted()
    {
        var customer = await app.RegisterCustomerAsync();
        using var client = app.CreateClient(customer.Token);

        using var response = await client.GetAsync($"/api/orders/customer/{customer.Id}?limit={ApiFixture.MaxPageSize}");

        Assert.Equal(ApiFixture.MaxPageSize, (await response.ExpectJsonAsync(HttpStatusCode.OK))["limit"]!.GetValue<int>());
    }

    [Fact]
    public async Task An_admin_listing_a_malformed_customer_id_gets_404()
    {
        using var admin = await app.CreateAdminClientAsync();

        using var response = await admin.GetAsync("/api/orders/customer/not-a-customer");

        await response.ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    /// <summary>A 404 problem with its id-specific parts (the id in the title, the path, the trace id) blanked.</summary>
    private static string Shape(JsonObject problem, string id)
    {
        var copy = problem.DeepClone().AsObject();
        copy["title"] = copy["title"]!.GetValue<string>().Replace(id, "{id}", StringComparison.Ordinal);
        copy["instance"] = copy["instance"]?.GetValue<string>().Replace(id, "{id}", StringComparison.Ordinal);
        copy.Remove("traceId");
        return copy.ToJsonString();
    }
}

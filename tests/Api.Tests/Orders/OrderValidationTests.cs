using System.Net;
using System.Text.Json.Nodes;
using EcommerceBackend.Api.Tests.Infrastructure;

namespace EcommerceBackend.Api.Tests.Orders;

/// <summary>Every class of bad order body: a 400 naming the fields, and no change of state.</summary>
[Collection(ApiCollection.Name)]
public sealed class OrderValidationTests(ApiFixture app)
{
    private const string Absent = "<absent>";
    private const int Stock = 5;

    public static TheoryData<string, string, string> InvalidFields() => new()
    {
        // the field to change (a path into a valid body), its JSON value (or <absent>), the error keys
        { "customerId", Absent, "customerId" },
        { "customerId", "null", "customerId" },
        { "customerId", "\"\"", "customerId" },
        { "customerId", "\"   \"", "customerId" },
        { "customerId", "\"abc\"", "customerId" },
        { "customerId", "\"0123456789ABCDEF01234567\"", "customerId" },
        { "customerId", "\"0123456789abcdef012345678\"", "customerId" },
        { "customerId", "\"0123456789abcdef0123456g\"", "customerId" },
        { "customerId", "42", "customerId" },
        { "customerId", "{\"$oid\":\"0123456789abcdef01234567\"}", "customerId" },
        { "items", Absent, "items" },
        { "items", "null", "items" },
        { "items", "[]", "items" },
        { "items", "{}", "items" },
        { "items", "\"laptop\"", "items" },
        { "items", "[null]", "items[0]" },
        { "items", "[{}]", "items[0].productId,items[0].quantity" },
        { "items", "[7]", "items[0]" },
        { "items[0].productId", Absent, "items[0].productId" },
        { "items[0].productId", "null", "items[0].productId" },
        { "items[0].productId", "\"\"", "items[0].productId" },
        { "items[0].productId", "\"laptop\"", "items[0].productId" },
        { "items[0].productId", "\"0123456789ABCDEF01234567\"", "items[0].productId" },
        { "items[0].productId", "123", "items[0].productId" },
        { "items[0].quantity", Absent, "items[0].quantity" },
        { "items[0].quantity", "null", "items[0].quantity" },
        { "items[0].quantity", "0", "items[0].quantity" },
        { "items[0].quantity", "-1", "items[0].quantity" },
        { "items[0].quantity", "1001", "items[0].quantity" },
        { "items[0].quantity", "2147483647", "items[0].quantity" },
        { "items[0].quantity", "10000000000", "items[0].quantity" },
        { "items[0].quantity", "1.5", "items[0].quantity" },
        { "items[0].quantity", "\"2\"", "items[0].quantity" },
        { "items[0].quantity", "true", "items[0].quantity" },
        { "items[0].quantity", "[1]", "items[0].quantity" },
        { "shippingAddress", Absent, "shippingAddress" },
        { "shippingAddress", "null", "shippingAddress" },
        { "shippingAddress", "\"123 Main St, Springfield\"", "shippingAddress" },
        { "shippingAddress", "[]", "shippingAddress" },
        { "shippingAddress", "{}", "shippingAddress.street,shippingAddress.city,shippingAddress.state,shippingAddress.zipCode,shippingAddress.country" },
        { "shippingAddress.street", Absent, "shippingAddress.street" },
        { "shippingAddress.street", "\"  \"", "shippingAddress.street" },
        { "shippingAddress.street", Text(201), "shippingAddress.street" },
        { "shippingAddress.city", "\"\"", "shippingAddress.city" },
        { "shippingAddress.city", Text(201), "shippingAddress.city" },
        { "shippingAddress.state", "null", "shippingAddress.state" },
        { "shippingAddress.zipCode", Text(21), "shippingAddress.zipCode" },
        { "shippingAddress.zipCode", "62701", "shippingAddress.zipCode" },
        { "shippingAddress.country", Absent, "shippingAddress.country" },
        { "shippingAddress.country", "false", "shippingAddress.country" },
    };

    [Theory]
    [MemberData(nameof(InvalidFields))]
    public async Task An_invalid_field_is_400_naming_it_and_nothing_is_reserved_or_listed(string path, string value, string fields)
    {
        var (customer, product) = await SetUpAsync();
        using var client = app.CreateClient(customer.Token);
        var body = OrderApi.Body(customer.Id, new Line(product, 1));
        Set(body, path, value);

        using var response = await client.PostOrderAsync(body);

        await response.ExpectValidationProblemAsync(fields.Split(','));
        await AssertNothingChangedAsync(customer, product);
    }

    [Fact]
    public async Task Every_broken_field_of_one_body_is_named_at_once()
    {
        var (customer, product) = await SetUpAsync();
        using var client = app.CreateClient(customer.Token);
        var body = new JsonObject
        {
            ["items"] = new JsonArray(
                new JsonObject { ["productId"] = product, ["quantity"] = 1 },
                new JsonObject { ["productId"] = product, ["quantity"] = 0 },
                new JsonObject { ["productId"] = "nope", ["quantity"] = 2 },
                null),
            ["shippingAddress"] = new JsonObject { ["street"] = "1 Road", ["city"] = "", ["state"] = "IL", ["zipCode"] = "1", ["country"] = "US" },
        };

        using var response = await client.PostOrderAsync(body);

        var problem = await response.ExpectValidationProblemAsync("customerId", "items[1].quantity", "items[2].productId", "items[3]", "shippingAddress.city");
        Assert.Contains("1000", HttpAssertions.ErrorsOf(problem, "items[1].quantity"), StringComparison.Ordinal);
        await AssertNothingChangedAsync(customer, product);
    }

    [Fact]
    public async Task More_than_50_lines_is_400_on_items()
    {
        var (customer, product) = await SetUpAsync();
        using var client = app.CreateClient(customer.Token);

        using var response = await client.PostOrderAsync(OrderApi.Body(customer.Id, [.. Enumerable.Repeat(new Line(product, 1), 51)]));

        var problem = await response.ExpectValidationProblemAsync("items");
        Assert.Contains("50", HttpAssertions.ErrorsOf(problem, "items"), StringComparison.Ordinal);
        await AssertNothingChangedAsync(customer, product);
    }

    [Fact]
    public async Task Repeated_lines_whose_merged_quantity_exceeds_1000_are_400_on_items_naming_the_product()
    {
        var (customer, product) = await SetUpAsync();
        using var client = app.CreateClient(customer.Token);

        using var response = await client.PostOrderAsync(OrderApi.Body(customer.Id, new Line(product, 600), new Line(product, 401)));

        var problem = await response.ExpectValidationProblemAsync("items");
        Assert.Contains(product, HttpAssertions.ErrorsOf(problem, "items"), StringComparison.Ordinal);
        await AssertNothingChangedAsync(customer, product);
    }

    [Fact]
    public async Task A_merged_quantity_over_1000_is_named_alongside_the_other_broken_fields()
    {
        var (customer, product) = await SetUpAsync();
        using var client = app.CreateClient(customer.Token);
        var body = OrderApi.Body(customer.Id, new Line(product, 600), new Line(product, 401));
        body["customerId"] = "not-a-customer";
        body["shippingAddress"]!["city"] = "";

        using var response = await client.PostOrderAsync(body);

        var problem = await response.ExpectValidationProblemAsync("customerId", "items", "shippingAddress.city");
        Assert.Contains(product, HttpAssertions.ErrorsOf(problem, "items"), StringComparison.Ordinal);
        await AssertNothingChangedAsync(customer, product);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("{")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("42")]
    [InlineData("\"order\"")]
    [InlineData("{\"customerId\":")]
    [InlineData("{\"items\":[{\"productId\":\"x\",\"quantity\":1},]}")]
    public async Task A_body_that_is_not_an_order_object_is_400_on_the_body_and_changes_nothing(string text)
    {
        var (customer, product) = await SetUpAsync();
        using var client = app.CreateClient(customer.Token);

        using var response = await client.PostAsync("/api/orders", ApiFixture.Json(text));

        await response.ExpectValidationProblemAsync("body");
        await AssertNothingChangedAsync(customer, product);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_415_and_changes_nothing()
    {
        var (customer, product) = await SetUpAsync();
        using var client = app.CreateClient(customer.Token);

        using var response = await client.PostAsync(
            "/api/orders", new StringContent(OrderApi.Body(customer.Id, new Line(product, 1)).ToJsonString(), System.Text.Encoding.UTF8, "text/plain"));

        await response.ExpectProblemAsync(HttpStatusCode.UnsupportedMediaType);
        await AssertNothingChangedAsync(customer, product);
    }

    [Fact]
    public async Task A_body_over_the_size_limit_is_413_and_changes_nothing()
    {
        var (customer, product) = await SetUpAsync();
        using var client = app.CreateClient(customer.Token);
        var body = OrderApi.Body(customer.Id, new Line(product, 1));
        body["shippingAddress"]!["street"] = new string('x', ApiFixture.MaxRequestBodyBytes);

        using var response = await client.PostOrderAsync(body);

        await response.ExpectProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        await AssertNothingChangedAsync(customer, product);
    }

    private async Task<(TestCustomer Customer, string Product)> SetUpAsync() =>
        (await app.RegisterCustomerAsync(), await app.NewProductAsync(stock: Stock));

    private async Task AssertNothingChangedAsync(TestCustomer customer, string product)
    {
        Assert.Equal(Stock, await app.StockAsync(product));
        Assert.Empty(await app.OrderIdsOfAsync(customer.Id));
    }

    /// <summary>Sets (or removes) the value at a path such as <c>items[0].quantity</c> or <c>shippingAddress.city</c>.</summary>
    private static void Set(JsonObject body, string path, string value)
    {
        JsonNode parent = body;
        var segments = path.Replace("[", ".[", StringComparison.Ordinal).Split('.');
        foreach (var segment in segments[..^1])
        {
            parent = segment.StartsWith('[') ? parent[int.Parse(segment[1..^1], System.Globalization.CultureInfo.InvariantCulture)]! : parent[segment]!;
        }

        var last = segments[^1];
        var node = value == Absent ? null : JsonNode.Parse(value);
        if (value == Absent)
        {
            parent.AsObject().Remove(last);
        }
        else
        {
            parent[last] = node;
        }
    }

    private static string Text(int length) => $"\"{new string('x', length)}\"";
}

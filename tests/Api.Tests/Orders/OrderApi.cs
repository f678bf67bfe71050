using System.Net;
using System.Text.Json.Nodes;
using EcommerceBackend.Api.Tests.Infrastructure;

namespace EcommerceBackend.Api.Tests.Orders;

/// <summary>A line of an order body: a product and how many.</summary>
internal readonly record struct Line(string ProductId, int Quantity);

/// <summary>What the order tests do over HTTP again and again: products, bodies, placements, stock and order lists.</summary>
internal static class OrderApi
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";

    /// <summary>A complete, valid shipping address.</summary>
    public static JsonObject Address() => new()
    {
        ["street"] = "123 Main St",
        ["city"] = "Springfield",
        ["state"] = "IL",
        ["zipCode"] = "62701",
        ["country"] = "USA",
    };

    /// <summary>The original's body: customerId, items[{productId, quantity}], shippingAddress.</summary>
    public static JsonObject Body(string customerId, params Line[] lines) => new()
    {
        ["customerId"] = customerId,
        ["items"] = new JsonArray(lines.Select(l => (JsonNode)new JsonObject { ["productId"] = l.ProductId, ["quantity"] = l.Quantity }).ToArray()),
        ["shippingAddress"] = Address(),
    };

    /// <summary>Creates a product in a category of its own and returns its id.</summary>
    public static async Task<string> NewProductAsync(this ApiFixture app, decimal price = 10m, int stock = 10, string? name = null) =>
        Id(await app.CreateProductAsync(ApiFixture.UniqueCategory(), name: name, price: price, stock: stock));

    /// <summary>POST /api/orders with a JSON body and, when given, an Idempotency-Key.</summary>
    public static async Task<HttpResponseMessage> PostOrderAsync(this HttpClient client, JsonNode body, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders") { Content = ApiFixture.Json(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation(IdempotencyKeyHeader, idempotencyKey);
        }

        return await client.SendAsync(request);
    }

    /// <summary>Places an order as the customer and returns it (asserting 201).</summary>
    public static async Task<JsonObject> PlaceAsync(this ApiFixture app, TestCustomer customer, params Line[] lines)
    {
        using var client = app.CreateClient(customer.Token);
        using var response = await client.PostOrderAsync(Body(customer.Id, lines));
        return await response.ExpectJsonAsync(HttpStatusCode.Created);
    }

    /// <summary>PATCH /api/orders/{id}/status as the administrator.</summary>
    public static async Task<HttpResponseMessage> PatchStatusAsync(this HttpClient client, string orderId, string status) =>
        await client.PatchAsync($"/api/orders/{orderId}/status", ApiFixture.Json(new JsonObject { ["status"] = status }));

    /// <summary>Moves an order along the given statuses as the administrator, asserting 200 each time; returns the last answer.</summary>
    public static async Task<JsonObject> WalkAsync(this ApiFixture app, string orderId, params string[] statuses)
    {
        using var admin = await app.CreateAdminClientAsync();
        JsonObject? order = null;
        foreach (var status in statuses)
        {
            using var response = await admin.PatchStatusAsync(orderId, status);
            order = await response.ExpectJsonAsync(HttpStatusCode.OK);
            Assert.Equal(status, StatusOf(order));
        }

        return order ?? throw new ArgumentException("No status given.", nameof(statuses));
    }

    /// <summary>The product's stock as GET /api/products/{id} answers it.</summary>
    public static async Task<int> StockAsync(this ApiFixture app, string productId)
    {
        using var client = app.CreateClient();
        using var response = await client.GetAsync($"/api/products/{productId}");
        return (await response.ExpectJsonAsync(HttpStatusCode.OK))["stock"]!.GetValue<int>();
    }

    /// <summary>The stocks of several products, in the order given.</summary>
    public static async Task<int[]> StocksAsync(this ApiFixture app, params string[] productIds) =>
        await Task.WhenAll(productIds.Select(app.StockAsync));

    /// <summary>GET /api/orders/{id} as the administrator.</summary>
    public static async Task<JsonObject> ReadOrderAsync(this ApiFixture app, string orderId)
    {
        using var admin = await app.CreateAdminClientAsync();
        using var response = await admin.GetAsync($"/api/orders/{orderId}");
        return await response.ExpectJsonAsync(HttpStatusCode.OK);
    }

    /// <summary>The ids on the customer's order list (first page, the largest page size), read by the administrator.</summary>
    public static async Task<List<string>> OrderIdsOfAsync(this ApiFixture app, string customerId)
    {
        using var admin = await app.CreateAdminClientAsync();
        using var response = await admin.GetAsync($"/api/orders/customer/{customerId}?limit={ApiFixture.MaxPageSize}");
        var page = await response.ExpectJsonAsync(HttpStatusCode.OK);
        var ids = HttpAssertions.Ids(page);
        Assert.Equal(ids.Count, HttpAssertions.Total(page));
        return ids;
    }

    /// <summary>The administrator's own id (the actor of the changes it makes).</summary>
    public static async Task<string> AdminIdAsync(this ApiFixture app) => TestTokens.Read(await app.AdminTokenAsync()).Subject;

    public static string Id(JsonObject entity) => entity["id"]!.GetValue<string>();

    public static string StatusOf(JsonObject order) => order["status"]!.GetValue<string>();

    /// <summary>The statuses of the order's history, oldest first.</summary>
    public static List<string> HistoryOf(JsonObject order) =>
        order["history"]!.AsArray().Select(h => h!["status"]!.GetValue<string>()).ToList();

    /// <summary>The answers' status codes, counted: "201×50, 409×150".</summary>
    public static string Tally(IEnumerable<HttpStatusCode> statuses) =>
        string.Join(", ", statuses.GroupBy(s => (int)s).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}"));
}

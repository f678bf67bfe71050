using System.Net;
using System.Text;
using EcommerceBackend.Api.Tests.Infrastructure;

namespace EcommerceBackend.Api.Tests.Orders;

/// <summary>Odd input thrown at every order route: the answer is a success or a 4xx problem, never a 5xx.</summary>
[Collection(ApiCollection.Name)]
public sealed class OrderNoServerErrorTests(ApiFixture app)
{
    private static readonly string[] Bodies =
    [
        "", " ", "{", "}", "[]", "[{}]", "null", "true", "0", "-1", "\"\"", "\"\\u0000\"", "{\"\":\"\"}",
        "{\"items\":null}", "{\"items\":[]}", "{\"items\":[[]]}", "{\"items\":[null,null]}", "{\"items\":{\"0\":{}}}",
        "{\"items\":[{\"productId\":[],\"quantity\":{}}]}", "{\"items\":[{\"quantity\":1e400}]}", "{\"items\":[{\"quantity\":-9223372036854775809}]}",
        "{\"items\":[{\"quantity\":\"NaN\"}]}", "{\"shippingAddress\":{\"city\":\"\\ud800\"}}", "{\"shippingAddress\":[[]]}",
        "{\"customerId\":\"x\",\"customerId\":1}", "/* comment */ {}", "{\"status\":\"\\u0000\"}", "{\"status\":[]}",
        new string('[', 300) + new string(']', 300), "{\"items\":" + new string('[', 100) + new string(']', 100) + "}",
        "{\"a\":" + new string('{', 100) + new string('}', 100) + "}",
    ];

    private static readonly string[] ContentTypes =
    [
        "application/json", "application/json; charset=utf-16", "application/json; charset=nonsense", "application/problem+json",
        "text/json", "multipart/form-data; boundary=x", "application/octet-stream",
    ];

    [Fact]
    public async Task Odd_bodies_and_content_types_for_placing_an_order_get_a_4xx_problem_and_reserve_nothing()
    {
        var product = await app.NewProductAsync(stock: 5);
        var customer = await app.RegisterCustomerAsync();
        using var client = app.CreateClient(customer.Token);
        var failures = new List<string>();

        foreach (var contentType in ContentTypes)
        {
            foreach (var body in Bodies)
            {
                using var response = await client.SendAsync(Request(HttpMethod.Post, "/api/orders", body, contentType));
                await Check(response, $"{contentType} {body[..Math.Min(body.Length, 40)]}", failures, successAllowed: false);
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(5, await app.StockAsync(product));
        Assert.Empty(await app.OrderIdsOfAsync(customer.Id));
    }

    [Fact]
    public async Task Odd_bodies_and_content_types_for_a_status_change_get_a_4xx_problem_and_change_nothing()
    {
        var product = await app.NewProductAsync(stock: 5);
        var customer = await app.RegisterCustomerAsync();
        var order = await app.PlaceAsync(customer, new Line(product, 1));
        var id = OrderApi.Id(order);
        using var admin = await app.CreateAdminClientAsync();
        var failures = new List<string>();

        foreach (var contentType in ContentTypes)
        {
            foreach (var body in Bodies)
            {
                using var response = await admin.SendAsync(Request(HttpMethod.Patch, $"/api/orders/{id}/status", body, contentType));
                await Check(response, $"{contentType} {body[..Math.Min(body.Length, 40)]}", failures, successAllowed: false);
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(order.ToJsonString(), (await app.ReadOrderAsync(id)).ToJsonString());
    }

    [Fact]
    public async Task Odd_but_well_formed_order_bodies_get_a_201_or_a_4xx_problem()
    {
        var product = await app.NewProductAsync(stock: 1000);
        var customer = await app.RegisterCustomerAsync();
        using var client = app.CreateClient(customer.Token);
        var failures = new List<string>();
        var address = OrderApi.Address().ToJsonString();
        string Order(string items, string? addr = null, string? customerId = null) =>
            "{\"customerId\":" + (customerId ?? $"\"{customer.Id}\"") + ",\"items\":" + items + ",\"shippingAddress\":" + (addr ?? address) + "}";
        string[] bodies =
        [
            Order($$"""[{"productId":"{{product}}","quantity":1,"extra":{"deep":[1,2,3]},"z":0}]"""),
            Order($$"""[{"PRODUCTID":"{{product}}","Quantity":1}]"""),
            Order($$"""[{"productId":"{{product}}","quantity":1.0}]"""),
            Order($$"""[{"productId":"{{product}}","quantity":1e0}]"""),
            Order($$"""[{"productId":"{{product}}","quantity":-0}]"""),
            Order($$"""[{"productId":"{{product}}","quantity":0.9999999999999999999999}]"""),
            Order($$"""[{"productId":"{{product}}","quantity":1}]""", """{"street":"\u0000","city":"\ud83d\ude00","state":"<script>","zipCode":"'; DROP TABLE--","country":"{\"$gt\":\"\"}"}"""),
            Order($$"""[{"productId":"{{product}}","quantity":1}]""", """{"street":"a","city":"b","state":"c","zipCode":"d","country":"e","extra":null}"""),
            Order($$"""[{"productId":"{{product}}","quantity":1}]""", customerId: "null"),
            Order($$"""[{"productId":"{{product}}","quantity":1}]""", customerId: "\"../../admin\""),
            Order($$"""[{"productId":"{{product}}","quantity":1}]""", customerId: "\"\\u0000\""),
            Order("[" + string.Join(",", Enumerable.Repeat("null", 2000)) + "]"),
            Order("[" + string.Join(",", Enumerable.Repeat($$"""{"productId":"{{product}}","quantity":1000}""", 50)) + "]"),
            Order($$"""[{"productId":"{{product}}","quantity":2147483647},{"productId":"{{product}}","quantity":2147483647}]"""),
            Order($$"""[{"productId":"{{product}}\u0000","quantity":1}]"""),
            Order($$"""[{"productId":"{{product}} ","quantity":1}]"""),
        ];

        foreach (var body in bodies)
        {
            using var response = await client.SendAsync(Request(HttpMethod.Post, "/api/orders", body, "application/json"));
            await Check(response, body[..Math.Min(body.Length, 120)], failures, successAllowed: true);
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Odd_order_and_customer_ids_get_a_4xx_problem()
    {
        var customer = await app.RegisterCustomerAsync();
        using var admin = await app.CreateAdminClientAsync();
        using var client = app.CreateClient(customer.Token);
        var failures = new List<string>();
        string[] ids =
        [
            "%F0%9F%98%80", "..%2F..%2Fproducts", "%20", "%2e%2e", "'%20OR%201=1", "%7B%22$gt%22:%22%22%7D", "0123456789abcdef0123456",
            "0123456789abcdef012345678", "0123456789ABCDEF01234567", "ffffffffffffffffffffffff", "000000000000000000000000", "-1", "1e3",
            new string('a', 3000),
        ];

        foreach (var who in new[] { admin, client })
        {
            foreach (var id in ids)
            {
                foreach (var (method, path) in new[]
                {
                    (HttpMethod.Get, $"/api/orders/{id}"),
                    (HttpMethod.Delete, $"/api/orders/{id}"),
                    (HttpMethod.Patch, $"/api/orders/{id}/status"),
                    (HttpMethod.Get, $"/api/orders/customer/{id}"),
                })
                {
                    using var request = Request(method, path, method == HttpMethod.Patch ? """{"status":"confirmed"}""" : null, "application/json");
                    using var response = await who.SendAsync(request);
                    await Check(response, who == admin ? "admin" : "customer", failures, successAllowed: path.Contains("/customer/", StringComparison.Ordinal));
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Odd_list_queries_get_a_200_or_a_4xx_problem()
    {
        var customer = await app.RegisterCustomerAsync();
        using var client = app.CreateClient(customer.Token);
        var failures = new List<string>();
        string[] queries =
        [
            "page=%00", "limit=%EF%BC%91", "page=1e3", "page=0x10", "limit=1,2", "page[]=1", "limit=2147483648", "page=-2147483649",
            "page=1000000&limit=100", "page=99999999999999999999", "limit=+5", "limit=%205", "page=", "limit=", "page=1&page=1",
        ];

        foreach (var query in queries)
        {
            using var response = await client.GetAsync($"/api/orders/customer/{customer.Id}?{query}");
            await Check(response, query, failures, successAllowed: true);
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task A_far_page_of_a_customers_orders_is_empty_with_the_total()
    {
        var product = await app.NewProductAsync();
        var customer = await app.RegisterCustomerAsync();
        await app.PlaceAsync(customer, new Line(product, 1));
        using var client = app.CreateClient(customer.Token);

        using var response = await client.GetAsync($"/api/orders/customer/{customer.Id}?page=1000000&limit=100");

        var page = await response.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Empty(page["items"]!.AsArray());
        Assert.Equal(1, HttpAssertions.Total(page));
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, string? body, string contentType)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            request.Content = content;
        }

        return request;
    }

    private static async Task Check(HttpResponseMessage response, string what, List<string> failures, bool successAllowed)
    {
        var status = (int)response.StatusCode;
        var type = response.Content.Headers.ContentType?.MediaType;
        var ok = successAllowed && response.IsSuccessStatusCode
            || status is >= 400 and < 500 && type == HttpAssertions.ProblemContentType;
        if (!ok)
        {
            failures.Add($"{response.RequestMessage!.Method} {response.RequestMessage.RequestUri!.PathAndQuery[..Math.Min(response.RequestMessage.RequestUri.PathAndQuery.Length, 100)]} [{what}] → {status} {type}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}

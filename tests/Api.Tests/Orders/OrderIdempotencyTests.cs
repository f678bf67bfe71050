using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using EcommerceBackend.Api.Tests.Infrastructure;

namespace EcommerceBackend.Api.Tests.Orders;

/// <summary>The <c>Idempotency-Key</c> header of <c>POST /api/orders</c>: retries make one order and reserve once.</summary>
[Collection(ApiCollection.Name)]
public sealed class OrderIdempotencyTests(ApiFixture app)
{
    private static string NewKey() => $"key-{Guid.NewGuid():N}";

    [Fact]
    public async Task A_retry_with_the_same_key_gets_the_same_order_with_201_and_Idempotent_Replayed_and_reserves_nothing_more()
    {
        var product = await app.NewProductAsync(stock: 10);
        var customer = await app.RegisterCustomerAsync();
        using var client = app.CreateClient(customer.Token);
        var key = NewKey();
        var body = OrderApi.Body(customer.Id, new Line(product, 3));

        using var first = await client.PostOrderAsync(body, key);
        using var retry = await client.PostOrderAsync(body, key);

        var original = await first.ExpectJsonAsync(HttpStatusCode.Created);
        var replayed = await retry.ExpectJsonAsync(HttpStatusCode.Created);
        Assert.False(first.Headers.Contains(OrderApi.ReplayedHeader));
        Assert.Equal(["true"], retry.Headers.GetValues(OrderApi.ReplayedHeader));
        Assert.Equal(original.ToJsonString(), replayed.ToJsonString());
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal(7, await app.StockAsync(product));
        Assert.Equal([OrderApi.Id(original)], await app.OrderIdsOfAsync(customer.Id));
    }

    [Fact]
    public async Task Twenty_simultaneous_requests_with_one_key_make_one_order_and_take_the_stock_once()
    {
        var product = await app.NewProductAsync(stock: 100);
        var customer = await app.RegisterCustomerAsync();
        using var client = app.CreateClient(customer.Token);
        var key = NewKey();
        var body = OrderApi.Body(customer.Id, new Line(product, 2));
        var answers = new ConcurrentBag<(string Id, bool Replayed)>();

        // All twenty are sent before any answer is awaited.
        await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            using var response = await client.PostOrderAsync(body, key);
            var order = await response.ExpectJsonAsync(HttpStatusCode.Created);
            answers.Add((OrderApi.Id(order), response.Headers.Contains(OrderApi.ReplayedHeader)));
        }));

        var id = Assert.Single(answers.Select(a => a.Id).Distinct());
        Assert.Equal(1, answers.Count(a => !a.Replayed));
        Assert.Equal(98, await app.StockAsync(product));
        Assert.Equal([id], await app.OrderIdsOfAsync(customer.Id));
    }

    [Fact]
    public async Task A_retry_naming_the_same_lines_in_another_order_or_split_differently_is_still_a_replay()
    {
        var a = await app.NewProductAsync(stock: 10);
        var b = await app.NewProductAsync(stock: 10);
        var customer = await app.RegisterCustomerAsync();
        using var client = app.CreateClient(customer.Token);
        var key = NewKey();

        using var first = await client.PostOrderAsync(OrderApi.Body(customer.Id, new Line(a, 2), new Line(b, 3)), key);
        using var retry = await client.PostOrderAsync(OrderApi.Body(customer.Id, new Line(b, 1), new Line(a, 2), new Line(b, 2)), key);

        var original = await first.ExpectJsonAsync(HttpStatusCode.Created);
        Assert.Equal(OrderApi.Id(original), OrderApi.Id(await retry.ExpectJsonAsync(HttpStatusCode.Created)));
        Assert.True(retry.Headers.Contains(OrderApi.ReplayedHeader));
        Assert.Equal(new[] { 8, 7 }, await app.StocksAsync(a, b));
    }

    [Theory]
    [InlineData("quantity")]
    [InlineData("product")]
    [InlineData("address")]
    public async Task The_same_key_with_a_different_body_is_422_and_changes_nothing(string change)
    {
        var product = await app.NewProductAsync(stock: 10);
        var other = await app.NewProductAsync(stock: 10);
        var customer = await app.RegisterCustomerAsync();
        using var client = app.CreateClient(customer.Token);
        var key = NewKey();
        using var first = await client.PostOrderAsync(OrderApi.Body(customer.Id, new Line(product, 1)), key);
        var original = await first.ExpectJsonAsync(HttpStatusCode.Created);
        var different = change switch
        {
            "quantity" => OrderApi.Body(customer.Id, new Line(product, 2)),
            "product" => OrderApi.Body(customer.Id, new Line(other, 1)),
            _ => OrderApi.Body(customer.Id, new Line(product, 1)),
        };
        if (change == "address")
        {
            different["shippingAddress"]!["street"] = "742 Evergreen Terrace";
        }

        using var response = await client.PostOrderAsync(different, key);

        var problem = await response.ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains(OrderApi.IdempotencyKeyHeader, problem["title"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(new[] { 9, 10 }, await app.StocksAsync(product, other));
        Assert.Equal([OrderApi.Id(original)], await app.OrderIdsOfAsync(customer.Id));
        Assert.Equal(original.ToJsonString(), (await app.ReadOrderAsync(OrderApi.Id(original))).ToJsonString());
    }

    [Fact]
    public async Task The_same_key_from_two_customers_makes_two_orders()
    {
        var product = await app.NewProductAsync(stock: 10);
        var alice = await app.RegisterCustomerAsync();
        var bob = await app.RegisterCustomerAsync();
        using var aliceClient = app.CreateClient(alice.Token);
        using var bobClient = app.CreateClient(bob.Token);
        var key = NewKey();

        using var fromAlice = await aliceClient.PostOrderAsync(OrderApi.Body(alice.Id, new Line(product, 1)), key);
        using var fromBob = await bobClient.PostOrderAsync(OrderApi.Body(bob.Id, new Line(product, 1)), key);

        var aliceOrder = await fromAlice.ExpectJsonAsync(HttpStatusCode.Created);
        var bobOrder = await fromBob.ExpectJsonAsync(HttpStatusCode.Created);
        Assert.False(fromBob.Headers.Contains(OrderApi.ReplayedHeader));
        Assert.NotEqual(OrderApi.Id(aliceOrder), OrderApi.Id(bobOrder));
        Assert.Equal(8, await app.StockAsync(product));
    }

    [Fact]
    public async Task A_key_whose_placement_failed_for_lack_of_stock_places_the_order_when_retried_after_a_restock()
    {
        var product = await app.NewProductAsync(stock: 1);
        var customer = await app.RegisterCustomerAsync();
        using var client = app.CreateClient(customer.Token);
        var key = NewKey();
        var body = OrderApi.Body(customer.Id, new Line(product, 2));

        using var failed = await client.PostOrderAsync(body, key);
        await failed.ExpectProblemAsync(HttpStatusCode.Conflict);
        using (var admin = await app.CreateAdminClientAsync())
        using (var restock = await admin.PutAsync($"/api/products/{product}", ApiFixture.Json("""{"stock":5}""")))
        {
            await restock.ExpectJsonAsync(HttpStatusCode.OK);
        }

        using var retry = await client.PostOrderAsync(body, key);

        var order = await retry.ExpectJsonAsync(HttpStatusCode.Created);
        Assert.False(retry.Headers.Contains(OrderApi.ReplayedHeader));
        Assert.Equal(3, await app.StockAsync(product));
        Assert.Equal([OrderApi.Id(order)], await app.OrderIdsOfAsync(customer.Id));
    }

    [Fact]
    public async Task A_retry_after_the_order_was_cancelled_replays_the_cancelled_order_and_takes_no_stock()
    {
        var product = await app.NewProductAsync(stock: 5);
        var customer = await app.RegisterCustomerAsync();
        using var client = app.CreateClient(customer.Token);
        var key = NewKey();
        var body = OrderApi.Body(customer.Id, new Line(product, 2));
        using var first = await client.PostOrderAsync(body, key);
        var id = OrderApi.Id(await first.ExpectJsonAsync(HttpStatusCode.Created));
        using var cancel = await client.DeleteAsync($"/api/orders/{id}");
        await cancel.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(5, await app.StockAsync(product));

        using var retry = await client.PostOrderAsync(body, key);

        var replayed = await retry.ExpectJsonAsync(HttpStatusCode.Created);
        Assert.True(retry.Headers.Contains(OrderApi.ReplayedHeader));
        Assert.Equal(id, OrderApi.Id(replayed));
        Assert.Equal("cancelled", OrderApi.StatusOf(replayed));
        Assert.Equal(5, await app.StockAsync(product));
    }

    public static TheoryData<string> BadKeys() => new()
    {
        new string('k', 201),
        "two words",
        "tab\there",
        "del\u007fhere",
        "",
    };

    [Theory]
    [MemberData(nameof(BadKeys))]
    public async Task A_bad_idempotency_key_is_400_naming_the_header_and_reserves_nothing(string key)
    {
        var product = await app.NewProductAsync(stock: 5);
        var customer = await app.RegisterCustomerAsync();
        using var client = app.CreateClient(customer.Token);

        using var response = await client.PostOrderAsync(OrderApi.Body(customer.Id, new Line(product, 1)), key);

        await response.ExpectValidationProblemAsync(OrderApi.IdempotencyKeyHeader);
        Assert.Equal(5, await app.StockAsync(product));
        Assert.Empty(await app.OrderIdsOfAsync(customer.Id));
    }

    [Fact]
    public async Task Two_idempotency_key_headers_are_400_naming_the_header()
    {
        var product = await app.NewProductAsync(stock: 5);
        var customer = await app.RegisterCustomerAsync();
        using var client = app.CreateClient(customer.Token);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders") { Content = ApiFixture.Json(OrderApi.Body(customer.Id, new Line(product, 1))) };
        request.Headers.TryAddWithoutValidation(OrderApi.IdempotencyKeyHeader, [NewKey(), NewKey()]);

        using var response = await client.SendAsync(request);

        await response.ExpectValidationProblemAsync(OrderApi.IdempotencyKeyHeader);
        Assert.Equal(5, await app.StockAsync(product));
        Assert.Empty(await app.OrderIdsOfAsync(customer.Id));
    }

    [Fact]
    public async Task A_key_with_non_ascii_characters_is_refused_with_400_and_reserves_nothing()
    {
        // Kestrel refuses a header with non-ASCII bytes before the application sees it, so this 400 has no problem body.
        var product = await app.NewProductAsync(stock: 5);
        var customer = await app.RegisterCustomerAsync();
        using var handler = new SocketsHttpHandler { RequestHeaderEncodingSelector = (_, _) => System.Text.Encoding.Latin1 };
        using var client = new HttpClient(handler) { BaseAddress = app.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", customer.Token);

        using var response = await client.PostOrderAsync(OrderApi.Body(customer.Id, new Line(product, 1)), "cl\u00e9-" + Guid.NewGuid().ToString("N"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(5, await app.StockAsync(product));
        Assert.Empty(await app.OrderIdsOfAsync(customer.Id));
    }

    [Fact]
    public async Task A_key_of_exactly_200_visible_characters_is_accepted()
    {
        var product = await app.NewProductAsync(stock: 5);
        var customer = await app.RegisterCustomerAsync();
        using var client = app.CreateClient(customer.Token);
        var key = "!~" + new string('x', 190) + Guid.NewGuid().ToString("N")[..8];

        using var response = await client.PostOrderAsync(OrderApi.Body(customer.Id, new Line(product, 1)), key);

        await response.ExpectJsonAsync(HttpStatusCode.Created);
        Assert.Equal(4, await app.StockAsync(product));
    }
}

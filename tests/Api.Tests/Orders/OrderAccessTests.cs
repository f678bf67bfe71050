using System.Net;
using EcommerceBackend.Api.Tests.Infrastructure;

namespace EcommerceBackend.Api.Tests.Orders;

/// <summary>Who may do what with orders: a customer only with their own, an admin with all, nobody without a token.</summary>
[Collection(ApiCollection.Name)]
public sealed class OrderAccessTests(ApiFixture app)
{
    [Fact]
    public async Task A_customer_cannot_order_for_another_customer_and_nothing_is_reserved()
    {
        var product = await app.NewProductAsync(stock: 5);
        var victim = await app.RegisterCustomerAsync();
        var intruder = await app.RegisterCustomerAsync();
        using var client = app.CreateClient(intruder.Token);

        using var plain = await client.PostOrderAsync(OrderApi.Body(victim.Id, new Line(product, 1)));
        using var withKey = await client.PostOrderAsync(OrderApi.Body(victim.Id, new Line(product, 1)), $"key-{Guid.NewGuid():N}");

        await plain.ExpectProblemAsync(HttpStatusCode.Forbidden);
        await withKey.ExpectProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(5, await app.StockAsync(product));
        Assert.Empty(await app.OrderIdsOfAsync(victim.Id));
        Assert.Empty(await app.OrderIdsOfAsync(intruder.Id));
    }

    [Fact]
    public async Task A_customer_cannot_read_list_or_cancel_another_customers_orders()
    {
        var product = await app.NewProductAsync(stock: 5);
        var owner = await app.RegisterCustomerAsync();
        var intruder = await app.RegisterCustomerAsync();
        var order = await app.PlaceAsync(owner, new Line(product, 2));
        var id = OrderApi.Id(order);
        using var client = app.CreateClient(intruder.Token);

        using var read = await client.GetAsync($"/api/orders/{id}");
        using var list = await client.GetAsync($"/api/orders/customer/{owner.Id}");
        using var cancel = await client.DeleteAsync($"/api/orders/{id}");
        using var patch = await client.PatchStatusAsync(id, "cancelled");

        await read.ExpectProblemAsync(HttpStatusCode.NotFound);
        var listProblem = await list.ExpectProblemAsync(HttpStatusCode.Forbidden);
        Assert.DoesNotContain(id, listProblem.ToJsonString(), StringComparison.Ordinal);
        await cancel.ExpectProblemAsync(HttpStatusCode.NotFound);
        await patch.ExpectProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(order.ToJsonString(), (await app.ReadOrderAsync(id)).ToJsonString());
        Assert.Equal(3, await app.StockAsync(product));
    }

    [Fact]
    public async Task A_customer_listing_a_malformed_or_unknown_customer_id_is_403_like_any_other_customers_list()
    {
        var customer = await app.RegisterCustomerAsync();
        using var client = app.CreateClient(customer.Token);

        using var malformed = await client.GetAsync("/api/orders/customer/not-a-customer");
        using var unknown = await client.GetAsync("/api/orders/customer/0123456789abcdef0123dead");
        using var otherCase = await client.GetAsync($"/api/orders/customer/{customer.Id.ToUpperInvariant()}");

        await malformed.ExpectProblemAsync(HttpStatusCode.Forbidden);
        await unknown.ExpectProblemAsync(HttpStatusCode.Forbidden);
        await otherCase.ExpectProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Every_order_route_without_a_token_is_401_and_changes_nothing()
    {
        var product = await app.NewProductAsync(stock: 5);
        var customer = await app.RegisterCustomerAsync();
        var order = await app.PlaceAsync(customer, new Line(product, 1));
        var id = OrderApi.Id(order);
        using var client = app.CreateClient();

        using var place = await client.PostOrderAsync(OrderApi.Body(customer.Id, new Line(product, 1)));
        using var read = await client.GetAsync($"/api/orders/{id}");
        using var list = await client.GetAsync($"/api/orders/customer/{customer.Id}");
        using var patch = await client.PatchStatusAsync(id, "confirmed");
        using var cancel = await client.DeleteAsync($"/api/orders/{id}");

        foreach (var response in new[] { place, read, list, patch, cancel })
        {
            await response.ExpectProblemAsync(HttpStatusCode.Unauthorized);
        }

        Assert.Equal(4, await app.StockAsync(product));
        Assert.Equal(order.ToJsonString(), (await app.ReadOrderAsync(id)).ToJsonString());
        Assert.Equal([id], await app.OrderIdsOfAsync(customer.Id));
    }

    [Fact]
    public async Task A_valid_token_for_a_customer_that_does_not_exist_places_nothing_and_gets_404()
    {
        var product = await app.NewProductAsync(stock: 5);
        const string ghost = "0123456789abcdef0123beef";
        using var client = app.CreateClient(TestTokens.Create(ghost, "customer"));

        using var response = await client.PostOrderAsync(OrderApi.Body(ghost, new Line(product, 1)));

        var problem = await response.ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains(ghost, problem["title"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(5, await app.StockAsync(product));
        Assert.Empty(await app.OrderIdsOfAsync(ghost));
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_401_for_placing_an_order()
    {
        var product = await app.NewProductAsync(stock: 5);
        var customer = await app.RegisterCustomerAsync();
        var forged = TestTokens.Create(customer.Id, "admin", secret: "some-other-signing-secret-0123456789-abcdefghijkl");
        using var client = app.CreateClient(forged);

        using var response = await client.PostOrderAsync(OrderApi.Body(customer.Id, new Line(product, 1)));

        await response.ExpectProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(5, await app.StockAsync(product));
    }
}

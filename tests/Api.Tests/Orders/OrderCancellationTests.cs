using System.Net;
using EcommerceBackend.Api.Tests.Infrastructure;

namespace EcommerceBackend.Api.Tests.Orders;

/// <summary><c>DELETE /api/orders/{id}</c>: cancels, returns the stock once, and only while the order has not shipped.</summary>
[Collection(ApiCollection.Name)]
public sealed class OrderCancellationTests(ApiFixture app)
{
    [Fact]
    public async Task The_owner_cancels_a_pending_order_and_every_lines_stock_comes_back()
    {
        var a = await app.NewProductAsync(stock: 10);
        var b = await app.NewProductAsync(stock: 10);
        var customer = await app.RegisterCustomerAsync();
        var placed = await app.PlaceAsync(customer, new Line(a, 3), new Line(b, 7));
        Assert.Equal(new[] { 7, 3 }, await app.StocksAsync(a, b));
        using var client = app.CreateClient(customer.Token);

        using var response = await client.DeleteAsync($"/api/orders/{OrderApi.Id(placed)}");

        var cancelled = await response.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("cancelled", OrderApi.StatusOf(cancelled));
        Assert.Equal(["pending", "cancelled"], OrderApi.HistoryOf(cancelled));
        Assert.Equal(customer.Id, cancelled["history"]![1]!["actor"]!.GetValue<string>());
        Assert.Equal(placed["items"]!.ToJsonString(), cancelled["items"]!.ToJsonString());
        Assert.Equal(new[] { 10, 10 }, await app.StocksAsync(a, b));
        // A cancelled order stays readable and listed.
        Assert.Equal(cancelled.ToJsonString(), (await app.ReadOrderAsync(OrderApi.Id(placed))).ToJsonString());
        Assert.Equal([OrderApi.Id(placed)], await app.OrderIdsOfAsync(customer.Id));
    }

    [Fact]
    public async Task The_owner_cancels_a_confirmed_order()
    {
        var product = await app.NewProductAsync(stock: 10);
        var customer = await app.RegisterCustomerAsync();
        var id = OrderApi.Id(await app.PlaceAsync(customer, new Line(product, 4)));
        await app.WalkAsync(id, "confirmed");
        using var client = app.CreateClient(customer.Token);

        using var response = await client.DeleteAsync($"/api/orders/{id}");

        Assert.Equal(["pending", "confirmed", "cancelled"], OrderApi.HistoryOf(await response.ExpectJsonAsync(HttpStatusCode.OK)));
        Assert.Equal(10, await app.StockAsync(product));
    }

    [Fact]
    public async Task An_admin_cancels_a_customers_order_and_is_named_in_the_history()
    {
        var product = await app.NewProductAsync(stock: 10);
        var customer = await app.RegisterCustomerAsync();
        var id = OrderApi.Id(await app.PlaceAsync(customer, new Line(product, 4)));
        using var admin = await app.CreateAdminClientAsync();

        using var response = await admin.DeleteAsync($"/api/orders/{id}");

        var cancelled = await response.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(await app.AdminIdAsync(), cancelled["history"]![1]!["actor"]!.GetValue<string>());
        Assert.Equal(10, await app.StockAsync(product));
    }

    [Fact]
    public async Task A_second_cancel_is_200_with_the_same_order_and_restocks_nothing()
    {
        var product = await app.NewProductAsync(stock: 10);
        var customer = await app.RegisterCustomerAsync();
        var id = OrderApi.Id(await app.PlaceAsync(customer, new Line(product, 4)));
        using var client = app.CreateClient(customer.Token);
        using var first = await client.DeleteAsync($"/api/orders/{id}");
        var cancelled = await first.ExpectJsonAsync(HttpStatusCode.OK);
        // Another order takes units in between, so a second restock would show.
        await app.PlaceAsync(customer, new Line(product, 1));

        using var second = await client.DeleteAsync($"/api/orders/{id}");

        Assert.Equal(cancelled.ToJsonString(), (await second.ExpectJsonAsync(HttpStatusCode.OK)).ToJsonString());
        Assert.Equal(9, await app.StockAsync(product));
    }

    [Fact]
    public async Task Ten_simultaneous_cancels_return_the_stock_exactly_once()
    {
        var product = await app.NewProductAsync(stock: 10);
        var customer = await app.RegisterCustomerAsync();
        var id = OrderApi.Id(await app.PlaceAsync(customer, new Line(product, 6)));
        using var client = app.CreateClient(customer.Token);

        var statuses = await Task.WhenAll(Enumerable.Range(0, 10).Select(async _ =>
        {
            using var response = await client.DeleteAsync($"/api/orders/{id}");
            var order = await response.ExpectJsonAsync(HttpStatusCode.OK);
            return OrderApi.HistoryOf(order);
        }));

        Assert.All(statuses, history => Assert.Equal(["pending", "cancelled"], history));
        Assert.Equal(10, await app.StockAsync(product));
    }

    [Theory]
    [InlineData("shipped")]
    [InlineData("delivered")]
    public async Task Cancelling_an_order_that_has_shipped_is_409_with_its_status_and_returns_no_stock(string status)
    {
        var product = await app.NewProductAsync(stock: 10);
        var customer = await app.RegisterCustomerAsync();
        var id = OrderApi.Id(await app.PlaceAsync(customer, new Line(product, 4)));
        var before = status == "shipped" ? await app.WalkAsync(id, "confirmed", "shipped") : await app.WalkAsync(id, "confirmed", "shipped", "delivered");
        using var client = app.CreateClient(customer.Token);
        using var admin = await app.CreateAdminClientAsync();

        using var byOwner = await client.DeleteAsync($"/api/orders/{id}");
        using var byAdmin = await admin.DeleteAsync($"/api/orders/{id}");

        Assert.Equal(status, (await byOwner.ExpectProblemAsync(HttpStatusCode.Conflict))["currentStatus"]!.GetValue<string>());
        Assert.Equal(status, (await byAdmin.ExpectProblemAsync(HttpStatusCode.Conflict))["currentStatus"]!.GetValue<string>());
        Assert.Equal(before.ToJsonString(), (await app.ReadOrderAsync(id)).ToJsonString());
        Assert.Equal(6, await app.StockAsync(product));
    }

    [Fact]
    public async Task Cancelling_another_customers_order_is_404_and_changes_nothing()
    {
        var product = await app.NewProductAsync(stock: 10);
        var owner = await app.RegisterCustomerAsync();
        var stranger = await app.RegisterCustomerAsync();
        var order = await app.PlaceAsync(owner, new Line(product, 4));
        using var client = app.CreateClient(stranger.Token);

        using var response = await client.DeleteAsync($"/api/orders/{OrderApi.Id(order)}");

        var problem = await response.ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.DoesNotContain(owner.Id, problem.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(order.ToJsonString(), (await app.ReadOrderAsync(OrderApi.Id(order))).ToJsonString());
        Assert.Equal(6, await app.StockAsync(product));
    }

    [Fact]
    public async Task Stock_returned_by_a_cancel_can_be_ordered_again()
    {
        var product = await app.NewProductAsync(stock: 2);
        var first = await app.RegisterCustomerAsync();
        var second = await app.RegisterCustomerAsync();
        var id = OrderApi.Id(await app.PlaceAsync(first, new Line(product, 2)));
        using var secondClient = app.CreateClient(second.Token);
        using var refused = await secondClient.PostOrderAsync(OrderApi.Body(second.Id, new Line(product, 2)));
        await refused.ExpectProblemAsync(HttpStatusCode.Conflict);
        using var firstClient = app.CreateClient(first.Token);
        using var cancel = await firstClient.DeleteAsync($"/api/orders/{id}");
        await cancel.ExpectJsonAsync(HttpStatusCode.OK);

        await app.PlaceAsync(second, new Line(product, 2));

        Assert.Equal(0, await app.StockAsync(product));
    }
}

using System.Net;
using System.Text.Json.Nodes;
using EcommerceBackend.Api.Tests.Infrastructure;

namespace EcommerceBackend.Api.Tests.Orders;

/// <summary><c>POST /api/orders</c>: what a placed order holds, what it reserves, and the all-or-none rule.</summary>
[Collection(ApiCollection.Name)]
public sealed class OrderPlacementTests(ApiFixture app)
{
    [Fact]
    public async Task A_customer_places_an_order_with_201_a_location_and_a_pending_order_priced_from_the_products()
    {
        var laptop = await app.NewProductAsync(price: 999.99m, stock: 50, name: "Laptop Pro");
        var mouse = await app.NewProductAsync(price: 19.95m, stock: 10, name: "Mouse");
        var customer = await app.RegisterCustomerAsync();
        using var client = app.CreateClient(customer.Token);
        var before = DateTimeOffset.UtcNow;

        using var response = await client.PostOrderAsync(OrderApi.Body(customer.Id, new Line(laptop, 2), new Line(mouse, 3)));

        var order = await response.ExpectJsonAsync(HttpStatusCode.Created);
        var id = OrderApi.Id(order);
        Assert.Matches("^[0-9a-f]{24}$", id);
        Assert.Equal($"/api/orders/{id}", response.Headers.Location?.OriginalString);
        Assert.False(response.Headers.Contains(OrderApi.ReplayedHeader));
        Assert.Equal(customer.Id, order["customerId"]!.GetValue<string>());
        Assert.Equal("pending", OrderApi.StatusOf(order));

        var items = order["items"]!.AsArray();
        Assert.Equal(2, items.Count);
        Assert.Equal(
            [(laptop, "Laptop Pro", 999.99m, 2, 1999.98m), (mouse, "Mouse", 19.95m, 3, 59.85m)],
            items.Select(i => (
                i!["productId"]!.GetValue<string>(), i["name"]!.GetValue<string>(), i["unitPrice"]!.GetValue<decimal>(),
                i["quantity"]!.GetValue<int>(), i["lineTotal"]!.GetValue<decimal>())));
        Assert.Equal(2059.83m, order["total"]!.GetValue<decimal>());
        Assert.Equal(OrderApi.Address().ToJsonString(), order["shippingAddress"]!.ToJsonString());

        var history = Assert.Single(order["history"]!.AsArray());
        Assert.Equal("pending", history!["status"]!.GetValue<string>());
        Assert.Equal(customer.Id, history["actor"]!.GetValue<string>());
        var at = history["at"]!.GetValue<DateTimeOffset>();
        Assert.InRange(at, before.AddSeconds(-5), DateTimeOffset.UtcNow.AddSeconds(5));
        Assert.Equal(at, order["createdAt"]!.GetValue<DateTimeOffset>());

        // Stock is held, the location reads the same order back, and the customer's list has it.
        Assert.Equal(new[] { 48, 7 }, await app.StocksAsync(laptop, mouse));
        using var read = await client.GetAsync(response.Headers.Location);
        Assert.Equal(order.ToJsonString(), (await read.ExpectJsonAsync(HttpStatusCode.OK)).ToJsonString());
        Assert.Equal([id], await app.OrderIdsOfAsync(customer.Id));
    }

    [Fact]
    public async Task Prices_and_names_sent_by_the_client_are_ignored()
    {
        var product = await app.NewProductAsync(price: 250m, stock: 5, name: "Real Name");
        var customer = await app.RegisterCustomerAsync();
        using var client = app.CreateClient(customer.Token);
        var body = OrderApi.Body(customer.Id, new Line(product, 2));
        var line = body["items"]![0]!.AsObject();
        line["price"] = 0.01m;
        line["unitPrice"] = 0.01m;
        line["name"] = "Cheap Name";
        line["lineTotal"] = 0.02m;
        body["total"] = 0.02m;
        body["status"] = "delivered";

        using var response = await client.PostOrderAsync(body);

        var order = await response.ExpectJsonAsync(HttpStatusCode.Created);
        var placed = Assert.Single(order["items"]!.AsArray())!;
        Assert.Equal(250m, placed["unitPrice"]!.GetValue<decimal>());
        Assert.Equal("Real Name", placed["name"]!.GetValue<string>());
        Assert.Equal(500m, placed["lineTotal"]!.GetValue<decimal>());
        Assert.Equal(500m, order["total"]!.GetValue<decimal>());
        Assert.Equal("pending", OrderApi.StatusOf(order));
    }

    [Fact]
    public async Task Totals_are_exact_decimals_not_floating_point_sums()
    {
        var dime = await app.NewProductAsync(price: 0.1m, stock: 10);
        var twoDimes = await app.NewProductAsync(price: 0.2m, stock: 10);
        var odd = await app.NewProductAsync(price: 1234567.89m, stock: 1000);
        var customer = await app.RegisterCustomerAsync();

        var order = await app.PlaceAsync(customer, new Line(dime, 1), new Line(twoDimes, 1), new Line(odd, 999));

        Assert.Equal(
            [0.1m, 0.2m, 1233333322.11m],
            order["items"]!.AsArray().Select(i => i!["lineTotal"]!.GetValue<decimal>()));
        Assert.Equal(1233333322.41m, order["total"]!.GetValue<decimal>());
        // A double would have written 0.30000000000000004 or lost cents in the large line.
        Assert.DoesNotContain("0000000004", order.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Repeated_product_lines_are_merged_into_one_line_with_the_quantities_added()
    {
        var a = await app.NewProductAsync(price: 3m, stock: 20);
        var b = await app.NewProductAsync(price: 5m, stock: 20);
        var customer = await app.RegisterCustomerAsync();

        var order = await app.PlaceAsync(customer, new Line(a, 2), new Line(b, 1), new Line(a, 3), new Line(b, 4), new Line(a, 1));

        Assert.Equal(
            [(a, 6, 18m), (b, 5, 25m)],
            order["items"]!.AsArray().Select(i => (i!["productId"]!.GetValue<string>(), i["quantity"]!.GetValue<int>(), i["lineTotal"]!.GetValue<decimal>())));
        Assert.Equal(43m, order["total"]!.GetValue<decimal>());
        Assert.Equal(new[] { 14, 15 }, await app.StocksAsync(a, b));
    }

    [Fact]
    public async Task An_order_keeps_the_name_and_price_it_was_placed_at_when_the_product_changes_later()
    {
        var product = await app.NewProductAsync(price: 40m, stock: 10, name: "Before");
        var customer = await app.RegisterCustomerAsync();
        var placed = await app.PlaceAsync(customer, new Line(product, 2));
        using (var admin = await app.CreateAdminClientAsync())
        using (var update = await admin.PutAsync($"/api/products/{product}", ApiFixture.Json("""{"name":"After","price":99.5}""")))
        {
            await update.ExpectJsonAsync(HttpStatusCode.OK);
        }

        var read = await app.ReadOrderAsync(OrderApi.Id(placed));

        Assert.Equal(placed.ToJsonString(), read.ToJsonString());
        Assert.Equal(("Before", 40m, 80m), (read["items"]![0]!["name"]!.GetValue<string>(), read["items"]![0]!["unitPrice"]!.GetValue<decimal>(), read["total"]!.GetValue<decimal>()));
        Assert.Equal(99.5m, (await app.PlaceAsync(customer, new Line(product, 1)))["total"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task Fifty_lines_and_a_merged_quantity_of_exactly_1000_are_accepted()
    {
        var product = await app.NewProductAsync(price: 1m, stock: 1000);
        var customer = await app.RegisterCustomerAsync();
        var lines = Enumerable.Range(0, 50).Select(i => new Line(product, i == 0 ? 951 : 1)).ToArray();

        var order = await app.PlaceAsync(customer, lines);

        var line = Assert.Single(order["items"]!.AsArray())!;
        Assert.Equal(1000, line["quantity"]!.GetValue<int>());
        Assert.Equal(1000m, order["total"]!.GetValue<decimal>());
        Assert.Equal(0, await app.StockAsync(product));
    }

    [Fact]
    public async Task Ordering_exactly_the_remaining_stock_succeeds_and_one_more_unit_is_409()
    {
        var product = await app.NewProductAsync(stock: 3);
        var customer = await app.RegisterCustomerAsync();
        using var client = app.CreateClient(customer.Token);

        await app.PlaceAsync(customer, new Line(product, 3));
        using var oneMore = await client.PostOrderAsync(OrderApi.Body(customer.Id, new Line(product, 1)));

        var problem = await oneMore.ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(product, problem["productId"]!.GetValue<string>());
        Assert.Equal(1, problem["requested"]!.GetValue<int>());
        Assert.Equal(0, problem["available"]!.GetValue<int>());
        Assert.Equal(0, await app.StockAsync(product));
        Assert.Single(await app.OrderIdsOfAsync(customer.Id));
    }

    [Fact]
    public async Task An_admin_places_an_order_for_a_customer_and_the_history_names_the_admin()
    {
        var product = await app.NewProductAsync(price: 7m, stock: 4);
        var customer = await app.RegisterCustomerAsync();
        using var admin = await app.CreateAdminClientAsync();

        using var response = await admin.PostOrderAsync(OrderApi.Body(customer.Id, new Line(product, 2)));

        var order = await response.ExpectJsonAsync(HttpStatusCode.Created);
        Assert.Equal(customer.Id, order["customerId"]!.GetValue<string>());
        Assert.Equal(await app.AdminIdAsync(), order["history"]![0]!["actor"]!.GetValue<string>());
        Assert.Equal(2, await app.StockAsync(product));
        Assert.Equal([OrderApi.Id(order)], await app.OrderIdsOfAsync(customer.Id));

        // The customer sees it as theirs.
        using var client = app.CreateClient(customer.Token);
        using var read = await client.GetAsync($"/api/orders/{OrderApi.Id(order)}");
        await read.ExpectJsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_order_for_an_unknown_customer_is_404_and_reserves_nothing()
    {
        var product = await app.NewProductAsync(stock: 4);
        using var admin = await app.CreateAdminClientAsync();
        const string nobody = "0123456789abcdef0123dead";

        using var response = await admin.PostOrderAsync(OrderApi.Body(nobody, new Line(product, 1)));

        var problem = await response.ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains(nobody, problem["title"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(4, await app.StockAsync(product));
        Assert.Empty(await app.OrderIdsOfAsync(nobody));
    }

    [Fact]
    public async Task An_unknown_product_on_one_line_is_404_naming_it_and_every_other_stock_stays_as_it_was()
    {
        var a = await app.NewProductAsync(stock: 10);
        var b = await app.NewProductAsync(stock: 10);
        var customer = await app.RegisterCustomerAsync();
        using var client = app.CreateClient(customer.Token);
        const string unknown = "ffffffffffffffffffff0000";

        using var response = await client.PostOrderAsync(OrderApi.Body(customer.Id, new Line(a, 2), new Line(unknown, 1), new Line(b, 3)));

        var problem = await response.ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(unknown, problem["productId"]!.GetValue<string>());
        Assert.Equal(new[] { 10, 10 }, await app.StocksAsync(a, b));
        Assert.Empty(await app.OrderIdsOfAsync(customer.Id));
    }

    [Fact]
    public async Task A_deleted_product_is_404_naming_it_and_the_other_lines_keep_their_stock()
    {
        var kept = await app.NewProductAsync(stock: 10);
        var deleted = await app.NewProductAsync(stock: 10);
        using (var admin = await app.CreateAdminClientAsync())
        using (var delete = await admin.DeleteAsync($"/api/products/{deleted}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        var customer = await app.RegisterCustomerAsync();
        using var client = app.CreateClient(customer.Token);

        using var response = await client.PostOrderAsync(OrderApi.Body(customer.Id, new Line(kept, 1), new Line(deleted, 1)));

        var problem = await response.ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(deleted, problem["productId"]!.GetValue<string>());
        Assert.Equal(10, await app.StockAsync(kept));
        Assert.Empty(await app.OrderIdsOfAsync(customer.Id));
    }

    [Fact]
    public async Task Not_enough_stock_on_one_line_is_409_with_product_requested_and_available_and_every_stock_stays_as_it_was()
    {
        var a = await app.NewProductAsync(stock: 10);
        var scarce = await app.NewProductAsync(stock: 2);
        var c = await app.NewProductAsync(stock: 10);
        var customer = await app.RegisterCustomerAsync();
        using var client = app.CreateClient(customer.Token);

        // The scarce product's quantity is split over two lines: the 409 reports the merged request.
        using var response = await client.PostOrderAsync(OrderApi.Body(
            customer.Id, new Line(a, 5), new Line(scarce, 2), new Line(c, 10), new Line(scarce, 1)));

        var problem = await response.ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(scarce, problem["productId"]!.GetValue<string>());
        Assert.Equal(3, problem["requested"]!.GetValue<int>());
        Assert.Equal(2, problem["available"]!.GetValue<int>());
        Assert.Equal(new[] { 10, 2, 10 }, await app.StocksAsync(a, scarce, c));
        Assert.Empty(await app.OrderIdsOfAsync(customer.Id));

        // Nothing was left reserved: the whole stock of every product can still be ordered.
        await app.PlaceAsync(customer, new Line(a, 10), new Line(scarce, 2), new Line(c, 10));
        Assert.Equal(new[] { 0, 0, 0 }, await app.StocksAsync(a, scarce, c));
    }

    [Fact]
    public async Task A_failed_placement_neither_lists_an_order_nor_changes_an_earlier_one()
    {
        var product = await app.NewProductAsync(stock: 5);
        var customer = await app.RegisterCustomerAsync();
        var first = await app.PlaceAsync(customer, new Line(product, 4));
        using var client = app.CreateClient(customer.Token);

        using var response = await client.PostOrderAsync(OrderApi.Body(customer.Id, new Line(product, 2)));

        await response.ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal([OrderApi.Id(first)], await app.OrderIdsOfAsync(customer.Id));
        Assert.Equal(first.ToJsonString(), (await app.ReadOrderAsync(OrderApi.Id(first))).ToJsonString());
        Assert.Equal(1, await app.StockAsync(product));
    }

    [Fact]
    public async Task Address_fields_are_trimmed()
    {
        var product = await app.NewProductAsync();
        var customer = await app.RegisterCustomerAsync();
        using var client = app.CreateClient(customer.Token);
        var body = OrderApi.Body(customer.Id, new Line(product, 1));
        body["shippingAddress"]!["city"] = "  Springfield \t";

        using var response = await client.PostOrderAsync(body);

        var order = await response.ExpectJsonAsync(HttpStatusCode.Created);
        Assert.Equal("Springfield", order["shippingAddress"]!["city"]!.GetValue<string>());
    }

    [Fact]
    public async Task Every_response_is_camel_case_json_with_string_statuses()
    {
        var product = await app.NewProductAsync();
        var customer = await app.RegisterCustomerAsync();

        var order = await app.PlaceAsync(customer, new Line(product, 1));

        Assert.Equal(
            ["createdAt", "customerId", "history", "id", "items", "shippingAddress", "status", "total", "updatedAt"],
            order.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal(System.Text.Json.JsonValueKind.String, order["status"]!.GetValueKind());
        Assert.Equal(
            ["lineTotal", "name", "productId", "quantity", "unitPrice"],
            order["items"]![0]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal(["actor", "at", "status"], order["history"]![0]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
    }
}

using System.Net;
using System.Text.Json.Nodes;
using EcommerceBackend.Api.Tests.Infrastructure;
using EcommerceBackend.Api.Tests.Orders;
using Orleans.Streaming.RabbitMQ.Tests.Infrastructure;

namespace EcommerceBackend.Api.Tests.Admin;

/// <summary>
/// <c>/api/admin</c>: the records searched and exported by admins (embedded mode keeps them in process): orders by
/// status, customer, time and total, newest first; customers by name or email; alerts; a CSV of order lines.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class AdminRecordsTests(ApiFixture app)
{
    [Theory]
    [InlineData("/api/admin/orders")]
    [InlineData("/api/admin/orders/export")]
    [InlineData("/api/admin/customers")]
    [InlineData("/api/admin/alerts")]
    public async Task The_records_are_for_admins_only(string path)
    {
        using var anonymous = app.CreateClient();
        await (await anonymous.GetAsync(path)).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        var customer = await app.RegisterCustomerAsync();
        using var client = app.CreateClient(customer.Token);
        await (await client.GetAsync(path)).ExpectProblemAsync(HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("/api/admin/orders?status=lost", "status")]
    [InlineData("/api/admin/orders?customerId=nobody", "customerId")]
    [InlineData("/api/admin/orders?from=yesterday", "from")]
    [InlineData("/api/admin/orders?from=2026-02-01&to=2026-01-01", "from")]
    [InlineData("/api/admin/orders?minTotal=-1", "minTotal")]
    [InlineData("/api/admin/orders?minTotal=1e3", "minTotal")]
    [InlineData("/api/admin/orders?page=0", "page")]
    [InlineData("/api/admin/orders?limit=1001", "limit")]
    [InlineData("/api/admin/orders/export?to=soon", "to")]
    [InlineData("/api/admin/alerts?type=order.exploded", "type")]
    [InlineData("/api/admin/alerts?to=0001-01-01", "to")]
    public async Task A_bad_parameter_is_a_400_naming_it(string path, string field)
    {
        using var admin = await app.CreateAdminClientAsync();
        await (await admin.GetAsync(path)).ExpectValidationProblemAsync(field);
    }

    [Fact]
    public async Task A_too_long_customer_search_is_a_400_naming_q()
    {
        using var admin = await app.CreateAdminClientAsync();
        await (await admin.GetAsync($"/api/admin/customers?q={new string('a', 201)}")).ExpectValidationProblemAsync("q");
    }

    [Fact]
    public async Task Orders_are_found_by_customer_status_and_total_newest_first_as_the_order_route_shows_them()
    {
        var customer = await app.RegisterCustomerAsync();
        var cheap = await app.NewProductAsync(price: 2m, stock: 100);
        var dear = await app.NewProductAsync(price: 40m, stock: 100);
        var first = await app.PlaceAsync(customer, new Line(cheap, 1));
        var second = await app.PlaceAsync(customer, new Line(dear, 1));
        var shipped = await app.WalkAsync(OrderApi.Id(second), "confirmed", "shipped");
        using var admin = await app.CreateAdminClientAsync();

        var all = await Eventually.Until(
            "both orders in the records, the second shipped",
            () => GetAsync(admin, $"/api/admin/orders?customerId={customer.Id}"),
            page => HttpAssertions.Total(page) == 2 && page["items"]![0]!["status"]!.GetValue<string>() == "shipped");

        Assert.Equal([OrderApi.Id(second), OrderApi.Id(first)], HttpAssertions.Ids(all));
        Assert.Equal(shipped.ToJsonString(), all["items"]![0]!.ToJsonString());
        Assert.Equal([OrderApi.Id(second)], HttpAssertions.Ids(await GetAsync(admin, $"/api/admin/orders?customerId={customer.Id}&status=shipped")));
        Assert.Equal([OrderApi.Id(second)], HttpAssertions.Ids(await GetAsync(admin, $"/api/admin/orders?customerId={customer.Id}&minTotal=10.50")));
        var page = await GetAsync(admin, $"/api/admin/orders?customerId={customer.Id}&page=2&limit=1");
        Assert.Equal([OrderApi.Id(first)], HttpAssertions.Ids(page));
        Assert.Equal((2, 2), (HttpAssertions.Total(page), page["totalPages"]!.GetValue<int>()));
        var since = Uri.EscapeDataString(DateTimeOffset.Parse(second["createdAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture).ToString("O"));
        Assert.Equal([OrderApi.Id(second)], HttpAssertions.Ids(await GetAsync(admin, $"/api/admin/orders?customerId={customer.Id}&from={since}")));
    }

    [Fact]
    public async Task Customers_are_found_by_any_part_of_their_name_or_email_whatever_the_case()
    {
        var customer = await app.RegisterCustomerAsync();
        var local = customer.Email.Split('@')[0];
        using var admin = await app.CreateAdminClientAsync();

        var found = await Eventually.Until(
            "the customer in the records",
            () => GetAsync(admin, $"/api/admin/customers?q={local.ToUpperInvariant()}"),
            page => HttpAssertions.Total(page) == 1);

        var item = found["items"]![0]!;
        Assert.Equal((customer.Id, customer.Email, "customer"), (item["id"]!.GetValue<string>(), item["email"]!.GetValue<string>(), item["role"]!.GetValue<string>()));
        Assert.DoesNotContain("password", item.ToJsonString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Alerts_list_every_notification_with_its_owner_newest_first_by_type()
    {
        var customer = await app.RegisterCustomerAsync();
        var product = await app.NewProductAsync(stock: 11);
        var order = await app.PlaceAsync(customer, new Line(product, 2));
        using var admin = await app.CreateAdminClientAsync();

        var created = await Eventually.Until(
            "the order's notification in the records",
            () => GetAsync(admin, "/api/admin/alerts?type=order.created&limit=100"),
            page => page["items"]!.AsArray().Any(a => a!["about"]!.GetValue<string>() == OrderApi.Id(order)));
        var alert = created["items"]!.AsArray().First(a => a!["about"]!.GetValue<string>() == OrderApi.Id(order))!;
        Assert.Equal(customer.Id, alert["owner"]!.GetValue<string>());

        var low = await Eventually.Until(
            "the low-stock alert in the records",
            () => GetAsync(admin, "/api/admin/alerts?type=product.stock_low&limit=100"),
            page => page["items"]!.AsArray().Any(a => a!["about"]!.GetValue<string>() == product));
        Assert.Equal("admins", low["items"]!.AsArray().First(a => a!["about"]!.GetValue<string>() == product)!["owner"]!.GetValue<string>());
        Assert.All(created["items"]!.AsArray().Select(a => a!["type"]!.GetValue<string>()), type => Assert.Equal("order.created", type));
    }

    [Fact]
    public async Task The_export_is_a_CSV_with_one_row_per_order_line_and_text_a_spreadsheet_would_run_defused()
    {
        var customer = await app.RegisterCustomerAsync();
        var named = OrderApi.Id(await app.CreateProductAsync(ApiFixture.UniqueCategory(), name: "=HYPERLINK(\"x\", \"lamp, brass\")", price: 3.5m, stock: 50));
        var plain = await app.NewProductAsync(price: 1.25m, stock: 50);
        var order = await app.PlaceAsync(customer, new Line(named, 2), new Line(plain, 4));
        var from = Uri.EscapeDataString(DateTimeOffset.Parse(order["createdAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture).ToString("O"));
        using var admin = await app.CreateAdminClientAsync();

        var rows = await Eventually.Until(
            "the order's lines in the export",
            async () =>
            {
                using var response = await admin.GetAsync($"/api/admin/orders/export?from={from}");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
                Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
                return (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).ToList();
            },
            lines => lines.Count(l => l.StartsWith(OrderApi.Id(order), StringComparison.Ordinal)) == 2);

        Assert.Equal("orderId,createdAt,customerId,status,productId,productName,unitPrice,quantity,lineTotal,orderTotal", rows[0]);
        var mine = rows.Where(l => l.StartsWith(OrderApi.Id(order), StringComparison.Ordinal)).ToList();
        Assert.Contains(mine, l => l.Contains($",{plain},", StringComparison.Ordinal) && l.EndsWith(",1.25,4,5.00,12.00", StringComparison.Ordinal));
        Assert.Contains(mine, l => l.Contains(",\"'=HYPERLINK(\"\"x\"\", \"\"lamp, brass\"\")\",3.5,2,7.0,12.00", StringComparison.Ordinal));
    }

    private static async Task<JsonObject> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        return await response.ExpectJsonAsync(HttpStatusCode.OK);
    }
}

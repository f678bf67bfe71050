using System.Net;
using System.Text.Json.Nodes;
using EcommerceBackend.Api.Tests.Infrastructure;

namespace EcommerceBackend.Api.Tests.Orders;

/// <summary><c>PATCH /api/orders/{id}/status</c>: the status machine, its history, and who may drive it.</summary>
[Collection(ApiCollection.Name)]
public sealed class OrderStatusTests(ApiFixture app)
{
    private static readonly string[] Statuses = ["pending", "confirmed", "shipped", "delivered", "cancelled"];

    /// <summary>The legal moves: one step forward, or cancelled before shipping.</summary>
    private static readonly HashSet<(string From, string To)> Legal =
    [
        ("pending", "confirmed"), ("confirmed", "shipped"), ("shipped", "delivered"), ("pending", "cancelled"), ("confirmed", "cancelled"),
    ];

    /// <summary>How an order gets from pending to each status through legal moves.</summary>
    private static string[] PathTo(string status) => status switch
    {
        "pending" => [],
        "confirmed" => ["confirmed"],
        "shipped" => ["confirmed", "shipped"],
        "delivered" => ["confirmed", "shipped", "delivered"],
        "cancelled" => ["cancelled"],
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static TheoryData<string, string> LegalMoves() => Moves(legal: true);

    public static TheoryData<string, string> IllegalMoves() => Moves(legal: false);

    /// <summary>Every move between two different statuses that is (or is not) legal.</summary>
    private static TheoryData<string, string> Moves(bool legal)
    {
        var moves = new TheoryData<string, string>();
        foreach (var from in Statuses)
        {
            foreach (var to in Statuses.Where(to => to != from && Legal.Contains((from, to)) == legal))
            {
                moves.Add(from, to);
            }
        }

        return moves;
    }

    [Theory]
    [MemberData(nameof(LegalMoves))]
    public async Task A_legal_move_is_200_and_is_added_to_the_history_with_its_time_and_the_admin_as_actor(string from, string to)
    {
        var product = await app.NewProductAsync(stock: 10);
        var customer = await app.RegisterCustomerAsync();
        var id = OrderApi.Id(await app.PlaceAsync(customer, new Line(product, 2)));
        var before = PathTo(from).Length == 0 ? await app.ReadOrderAsync(id) : await app.WalkAsync(id, PathTo(from));
        using var admin = await app.CreateAdminClientAsync();
        var sent = DateTimeOffset.UtcNow;

        using var response = await admin.PatchStatusAsync(id, to);

        var after = await response.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(to, OrderApi.StatusOf(after));
        Assert.Equal([.. OrderApi.HistoryOf(before), to], OrderApi.HistoryOf(after));
        var entry = after["history"]!.AsArray()[^1]!;
        Assert.Equal(await app.AdminIdAsync(), entry["actor"]!.GetValue<string>());
        var at = entry["at"]!.GetValue<DateTimeOffset>();
        Assert.InRange(at, sent.AddSeconds(-5), DateTimeOffset.UtcNow.AddSeconds(5));
        Assert.Equal(at, after["updatedAt"]!.GetValue<DateTimeOffset>());
        Assert.True(at >= before["updatedAt"]!.GetValue<DateTimeOffset>());
        // Everything but the status, its history and the update time stays as placed.
        foreach (var kept in new[] { "id", "customerId", "items", "shippingAddress", "total", "createdAt" })
        {
            Assert.Equal(before[kept]!.ToJsonString(), after[kept]!.ToJsonString());
        }

        Assert.Equal(after.ToJsonString(), (await app.ReadOrderAsync(id)).ToJsonString());
        // Only a cancellation gives the stock back.
        Assert.Equal(to == "cancelled" ? 10 : 8, await app.StockAsync(product));
    }

    [Theory]
    [MemberData(nameof(IllegalMoves))]
    public async Task An_illegal_move_is_409_with_the_current_status_and_changes_nothing(string from, string to)
    {
        var product = await app.NewProductAsync(stock: 10);
        var customer = await app.RegisterCustomerAsync();
        var id = OrderApi.Id(await app.PlaceAsync(customer, new Line(product, 2)));
        var before = PathTo(from).Length == 0 ? await app.ReadOrderAsync(id) : await app.WalkAsync(id, PathTo(from));
        var stock = await app.StockAsync(product);
        using var admin = await app.CreateAdminClientAsync();

        using var response = await admin.PatchStatusAsync(id, to);

        var problem = await response.ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(from, problem["currentStatus"]!.GetValue<string>());
        Assert.Equal(before.ToJsonString(), (await app.ReadOrderAsync(id)).ToJsonString());
        Assert.Equal(stock, await app.StockAsync(product));
    }

    [Theory]
    [InlineData("pending")]
    [InlineData("confirmed")]
    [InlineData("shipped")]
    [InlineData("delivered")]
    [InlineData("cancelled")]
    public async Task Setting_the_status_an_order_already_has_is_200_and_adds_nothing_to_the_history(string status)
    {
        var product = await app.NewProductAsync(stock: 10);
        var customer = await app.RegisterCustomerAsync();
        var id = OrderApi.Id(await app.PlaceAsync(customer, new Line(product, 2)));
        var before = PathTo(status).Length == 0 ? await app.ReadOrderAsync(id) : await app.WalkAsync(id, PathTo(status));
        var stock = await app.StockAsync(product);
        using var admin = await app.CreateAdminClientAsync();

        using var response = await admin.PatchStatusAsync(id, status);

        Assert.Equal(before.ToJsonString(), (await response.ExpectJsonAsync(HttpStatusCode.OK)).ToJsonString());
        Assert.Equal(before.ToJsonString(), (await app.ReadOrderAsync(id)).ToJsonString());
        Assert.Equal(stock, await app.StockAsync(product));
    }

    [Fact]
    public async Task The_whole_life_of_an_order_is_kept_in_its_history_in_order()
    {
        var product = await app.NewProductAsync(stock: 10);
        var customer = await app.RegisterCustomerAsync();
        var id = OrderApi.Id(await app.PlaceAsync(customer, new Line(product, 2)));

        var delivered = await app.WalkAsync(id, "confirmed", "shipped", "delivered");

        Assert.Equal(["pending", "confirmed", "shipped", "delivered"], OrderApi.HistoryOf(delivered));
        var times = delivered["history"]!.AsArray().Select(h => h!["at"]!.GetValue<DateTimeOffset>()).ToList();
        Assert.Equal(times.Order(), times);
        var adminId = await app.AdminIdAsync();
        Assert.Equal([customer.Id, adminId, adminId, adminId], delivered["history"]!.AsArray().Select(h => h!["actor"]!.GetValue<string>()));
        Assert.Equal(8, await app.StockAsync(product));
    }

    [Theory]
    [InlineData("Confirmed")]
    [InlineData("CONFIRMED")]
    public async Task Status_names_are_read_without_regard_to_case(string status)
    {
        var product = await app.NewProductAsync();
        var customer = await app.RegisterCustomerAsync();
        var id = OrderApi.Id(await app.PlaceAsync(customer, new Line(product, 1)));
        using var admin = await app.CreateAdminClientAsync();

        using var response = await admin.PatchStatusAsync(id, status);

        Assert.Equal("confirmed", OrderApi.StatusOf(await response.ExpectJsonAsync(HttpStatusCode.OK)));
    }

    [Theory]
    [InlineData("""{"status":"refunded"}""", "status")]
    [InlineData("""{"status":"1"}""", "status")]
    [InlineData("""{"status":" confirmed"}""", "status")]
    [InlineData("""{"status":""}""", "status")]
    [InlineData("""{"status":null}""", "status")]
    [InlineData("""{}""", "status")]
    [InlineData("""{"state":"confirmed"}""", "status")]
    [InlineData("""{"status":1}""", "status")]
    [InlineData("""{"status":["confirmed"]}""", "status")]
    [InlineData("""{"status":{"value":"confirmed"}}""", "status")]
    [InlineData("""null""", "body")]
    [InlineData("""["confirmed"]""", "body")]
    [InlineData("{\"status\":\"confirmed\\\"", "body")]
    public async Task An_unknown_or_malformed_status_is_400_naming_the_field_and_changes_nothing(string body, string field)
    {
        var product = await app.NewProductAsync();
        var customer = await app.RegisterCustomerAsync();
        var order = await app.PlaceAsync(customer, new Line(product, 1));
        using var admin = await app.CreateAdminClientAsync();

        using var response = await admin.PatchAsync($"/api/orders/{OrderApi.Id(order)}/status", ApiFixture.Json(body));

        var problem = await response.ExpectValidationProblemAsync(field);
        if (field == "status" && body.Contains("refunded", StringComparison.Ordinal))
        {
            Assert.Contains("pending, confirmed, shipped, delivered, cancelled", HttpAssertions.ErrorsOf(problem, "status"), StringComparison.Ordinal);
        }

        Assert.Equal(order.ToJsonString(), (await app.ReadOrderAsync(OrderApi.Id(order))).ToJsonString());
    }

    [Fact]
    public async Task A_customer_may_not_change_a_status_even_of_their_own_order()
    {
        var product = await app.NewProductAsync(stock: 5);
        var customer = await app.RegisterCustomerAsync();
        var order = await app.PlaceAsync(customer, new Line(product, 1));
        var id = OrderApi.Id(order);
        using var client = app.CreateClient(customer.Token);

        using var confirm = await client.PatchStatusAsync(id, "confirmed");
        using var cancel = await client.PatchStatusAsync(id, "cancelled");

        await confirm.ExpectProblemAsync(HttpStatusCode.Forbidden);
        await cancel.ExpectProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(order.ToJsonString(), (await app.ReadOrderAsync(id)).ToJsonString());
        Assert.Equal(4, await app.StockAsync(product));
    }

    [Fact]
    public async Task Cancelling_through_a_status_change_returns_the_stock_once()
    {
        var a = await app.NewProductAsync(stock: 10);
        var b = await app.NewProductAsync(stock: 10);
        var customer = await app.RegisterCustomerAsync();
        var id = OrderApi.Id(await app.PlaceAsync(customer, new Line(a, 3), new Line(b, 4)));
        using var admin = await app.CreateAdminClientAsync();

        using var first = await admin.PatchStatusAsync(id, "cancelled");
        await first.ExpectJsonAsync(HttpStatusCode.OK);
        using var second = await admin.PatchStatusAsync(id, "cancelled");
        await second.ExpectJsonAsync(HttpStatusCode.OK);
        using var delete = await admin.DeleteAsync($"/api/orders/{id}");

        Assert.Equal(["pending", "cancelled"], OrderApi.HistoryOf(await delete.ExpectJsonAsync(HttpStatusCode.OK)));
        Assert.Equal(new[] { 10, 10 }, await app.StocksAsync(a, b));
    }

    [Fact]
    public async Task A_shipped_order_keeps_its_stock_taken_for_good()
    {
        var product = await app.NewProductAsync(stock: 10);
        var customer = await app.RegisterCustomerAsync();
        var id = OrderApi.Id(await app.PlaceAsync(customer, new Line(product, 4)));
        await app.WalkAsync(id, "confirmed", "shipped");
        using var admin = await app.CreateAdminClientAsync();

        using var patch = await admin.PatchStatusAsync(id, "cancelled");
        using var delete = await admin.DeleteAsync($"/api/orders/{id}");
        await app.WalkAsync(id, "delivered");

        Assert.Equal("shipped", (await patch.ExpectProblemAsync(HttpStatusCode.Conflict))["currentStatus"]!.GetValue<string>());
        Assert.Equal("shipped", (await delete.ExpectProblemAsync(HttpStatusCode.Conflict))["currentStatus"]!.GetValue<string>());
        Assert.Equal(6, await app.StockAsync(product));
    }
}

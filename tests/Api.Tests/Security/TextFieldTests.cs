using System.Net;
using System.Text.Json.Nodes;
using EcommerceBackend.Api.Tests.Infrastructure;
using EcommerceBackend.Api.Tests.Orders;

namespace EcommerceBackend.Api.Tests.Security;

/// <summary>
/// Text a person types: a value made only of invisible or control characters is no value, control characters and
/// direction overrides are refused everywhere, and only a description may hold tabs and line breaks.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class TextFieldTests(ApiFixture app)
{
    public static TheoryData<string> InvisibleOnly => new()
    {
        "\u200B\u200B",         // zero-width spaces
        "\u200D\uFEFF\u2060",   // zero-width joiner, byte-order mark, word joiner
        "\u0001\u0002",         // C0 controls
        "\u0085 \u009F",        // C1 controls
        "\u3164\u115F",         // Hangul fillers, letters that draw nothing
        "\u2800",               // the blank braille pattern
        "\u0301\u0308",         // combining marks with nothing to sit on
        "\u00A0\u2003",         // no-break and em spaces
    };

    public static TheoryData<string> WithControls => new()
    {
        "Jane\u0000Doe",
        "Jane\nDoe",
        "Jane\tDoe",
        "Jane \u202Eeod",       // right-to-left override: reads as "Jane doe" backwards
        "Jane \u2067Doe\u2069", // right-to-left isolate
        "Jane \u001BDoe",       // escape
    };

    [Theory]
    [MemberData(nameof(InvisibleOnly))]
    public async Task A_name_of_only_invisible_characters_is_refused_as_missing_and_no_account_is_made(string name)
    {
        var email = ApiFixture.UniqueEmail();
        using var client = app.CreateClient();

        using var response = await client.PostAsync("/api/customers/register", ApiFixture.Json(Registration(email, name)));

        var problem = await response.ExpectValidationProblemAsync("name");
        Assert.Contains("required", HttpAssertions.ErrorsOf(problem, "name"), StringComparison.Ordinal);
        await AssertNoAccountAsync(client, email);
    }

    [Theory]
    [MemberData(nameof(WithControls))]
    public async Task A_name_with_control_characters_or_direction_overrides_is_refused(string name)
    {
        var email = ApiFixture.UniqueEmail();
        using var client = app.CreateClient();

        using var response = await client.PostAsync("/api/customers/register", ApiFixture.Json(Registration(email, name)));

        var problem = await response.ExpectValidationProblemAsync("name");
        Assert.Contains("control characters", HttpAssertions.ErrorsOf(problem, "name"), StringComparison.Ordinal);
        await AssertNoAccountAsync(client, email);
    }

    [Theory]
    [InlineData("Zoë O'Brien-Łukasiewicz")]
    [InlineData("李小龍")]
    [InlineData("👩‍💻 Dev")] // a zero-width joiner inside an emoji sequence next to visible text is fine
    [InlineData("محمد")]
    public async Task A_name_in_any_script_with_visible_letters_is_accepted(string name)
    {
        using var client = app.CreateClient();

        using var response = await client.PostAsync("/api/customers/register", ApiFixture.Json(Registration(ApiFixture.UniqueEmail(), name)));

        var body = await response.ExpectJsonAsync(HttpStatusCode.Created);
        Assert.Equal(name, body["customer"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_product_description_keeps_its_line_breaks_but_a_name_or_category_of_zero_width_spaces_is_refused()
    {
        using var admin = await app.CreateAdminClientAsync();
        var category = $"text-{Guid.NewGuid():N}";

        using var refused = await admin.PostAsync("/api/products", ApiFixture.Json(Product("\u200B", "\u2060\u200B", "A\nB")));
        await refused.ExpectValidationProblemAsync("name", "category");

        using var created = await admin.PostAsync("/api/products", ApiFixture.Json(Product("Lamp", category, "Warm light.\r\n\tTwo bulbs.")));
        var product = await created.ExpectJsonAsync(HttpStatusCode.Created);
        Assert.Equal("Warm light.\r\n\tTwo bulbs.", product["description"]!.GetValue<string>());

        using var controls = await admin.PutAsync($"/api/products/{product["id"]}", ApiFixture.Json(new JsonObject { ["description"] = "Bell\u0007" }));
        await controls.ExpectValidationProblemAsync("description");
        using var invisible = await admin.PutAsync($"/api/products/{product["id"]}", ApiFixture.Json(new JsonObject { ["description"] = "\u200B" }));
        await invisible.ExpectValidationProblemAsync("description");
        Assert.Equal("Warm light.\r\n\tTwo bulbs.", JsonNode.Parse(await app.GetProductTextAsync(product["id"]!.GetValue<string>()))!["description"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_shipping_address_field_of_invisible_characters_is_refused_and_nothing_is_ordered()
    {
        var customer = await app.RegisterCustomerAsync();
        var product = (await app.CreateProductAsync($"text-{Guid.NewGuid():N}"))["id"]!.GetValue<string>();
        using var client = app.CreateClient(customer.Token);
        var body = OrderApi.Body(customer.Id, new Line(product, 1));
        body["shippingAddress"]!["city"] = "\u200B\u200C";
        body["shippingAddress"]!["street"] = "1 Main St\u202E";

        using var response = await client.PostOrderAsync(body);

        await response.ExpectValidationProblemAsync("shippingAddress.city", "shippingAddress.street");
        using var orders = await client.GetAsync($"/api/orders/customer/{customer.Id}");
        Assert.Equal(0, HttpAssertions.Total(await orders.ExpectJsonAsync(HttpStatusCode.OK)));
    }

    private static JsonObject Registration(string email, string name) => new()
    {
        ["name"] = name,
        ["email"] = email,
        ["password"] = ApiFixture.CustomerPassword,
    };

    private static JsonObject Product(string name, string category, string description) => new()
    {
        ["name"] = name,
        ["description"] = description,
        ["price"] = 10,
        ["stock"] = 3,
        ["category"] = category,
    };

    private static async Task AssertNoAccountAsync(HttpClient client, string email)
    {
        using var login = await client.PostAsync("/api/customers/login", ApiFixture.Json(new JsonObject { ["email"] = email, ["password"] = ApiFixture.CustomerPassword }));
        await login.ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }
}

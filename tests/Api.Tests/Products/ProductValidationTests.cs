using System.Net;
using System.Text.Json.Nodes;
using EcommerceBackend.Api.Tests.Infrastructure;

namespace EcommerceBackend.Api.Tests.Products;

/// <summary>Every class of bad product body: a 400 naming the fields, and no change of state.</summary>
[Collection(ApiCollection.Name)]
public sealed class ProductValidationTests(ApiFixture app)
{
    private const string Absent = "<absent>";

    /// <summary>A good body whose name, description and category all carry <paramref name="marker"/>, so a search finds it whichever field a case breaks.</summary>
    private static JsonObject ValidBody(string marker) => new()
    {
        ["name"] = $"Widget {marker}",
        ["description"] = $"About {marker}",
        ["price"] = 19.99m,
        ["stock"] = 3,
        ["category"] = $"cat-{marker}",
        ["images"] = new JsonArray($"https://images.example/{marker}.png"),
    };

    public static TheoryData<string, string, string> InvalidCreateFields() => new()
    {
        // field, JSON value (or <absent>), the error keys
        { "name", Absent, "name" },
        { "name", "\"\"", "name" },
        { "name", "\"   \"", "name" },
        { "name", "null", "name" },
        { "name", Text(201), "name" },
        { "name", "42", "name" },
        { "name", "{\"en\":\"Widget\"}", "name" },
        { "description", Text(5001), "description" },
        { "description", "false", "description" },
        { "category", Absent, "category" },
        { "category", "\"\"", "category" },
        { "category", Text(101), "category" },
        { "category", "[\"a\",\"b\"]", "category" },
        { "price", Absent, "price" },
        { "price", "null", "price" },
        { "price", "-1", "price" },
        { "price", "-0.01", "price" },
        { "price", "1.001", "price" },
        { "price", "1000000000.01", "price" },
        { "price", "1e30", "price" },
        { "price", "\"abc\"", "price" },
        { "price", "true", "price" },
        { "stock", Absent, "stock" },
        { "stock", "-1", "stock" },
        { "stock", "1.5", "stock" },
        { "stock", "1000000001", "stock" },
        { "stock", "99999999999", "stock" },
        { "stock", "\"many\"", "stock" },
        { "images", "\"https://images.example/a.png\"", "images" },
        { "images", "[\"/relative/path.png\"]", "images[0]" },
        { "images", "[\"relative.png\"]", "images[0]" },
        { "images", "[\"ftp://files.example/a.png\"]", "images[0]" },
        { "images", "[\"javascript:alert(1)\"]", "images[0]" },
        { "images", "[\"file:///etc/passwd\"]", "images[0]" },
        { "images", "[\"https://ok.example/a.png\",\"data:image/png;base64,AAAA\"]", "images[1]" },
        { "images", "[\"http:///no-host.png\"]", "images[0]" },
        { "images", "[null]", "images[0]" },
        { "images", "[7]", "images[0]" },
        { "images", "[\"https://ok.example/" + new string('a', 2048) + ".png\"]", "images[0]" },
        { "images", "[" + string.Join(",", Enumerable.Range(0, 21).Select(i => $"\"https://ok.example/{i}.png\"")) + "]", "images" },
    };

    [Theory]
    [MemberData(nameof(InvalidCreateFields))]
    public async Task Create_with_an_invalid_field_is_400_naming_it_and_creates_nothing(string field, string json, string errorKey)
    {
        var marker = Guid.NewGuid().ToString("N");
        var body = ValidBody(marker);
        Set(body, field, json);
        using var admin = await app.CreateAdminClientAsync();

        using var response = await admin.PostAsync("/api/products", ApiFixture.Json(body));

        await response.ExpectValidationProblemAsync(errorKey);
        await AssertNothingCreatedAsync(marker);
    }

    [Fact]
    public async Task Create_with_an_empty_object_lists_every_required_field()
    {
        using var admin = await app.CreateAdminClientAsync();

        using var response = await admin.PostAsync("/api/products", ApiFixture.Json("{}"));

        await response.ExpectValidationProblemAsync("name", "category", "price", "stock");
    }

    [Fact]
    public async Task Create_reports_every_broken_field_at_once()
    {
        var marker = Guid.NewGuid().ToString("N");
        var body = ValidBody(marker);
        body["price"] = -5;
        body["stock"] = -5;
        body["images"] = new JsonArray("https://ok.example/a.png", "ftp://x.example/b.png", "javascript:void(0)");
        using var admin = await app.CreateAdminClientAsync();

        using var response = await admin.PostAsync("/api/products", ApiFixture.Json(body));

        await response.ExpectValidationProblemAsync("price", "stock", "images[1]", "images[2]");
        await AssertNothingCreatedAsync(marker);
    }

    [Fact]
    public async Task Create_control_the_valid_body_of_these_cases_is_201()
    {
        // Without this, the cases above could pass because the base body itself were rejected.
        var marker = Guid.NewGuid().ToString("N");
        using var admin = await app.CreateAdminClientAsync();

        using var response = await admin.PostAsync("/api/products", ApiFixture.Json(ValidBody(marker)));

        await response.ExpectJsonAsync(HttpStatusCode.Created);
        Assert.Equal(1, HttpAssertions.Total(await app.ListCategoryAsync($"cat-{marker}")));
        Assert.Equal(1, HttpAssertions.Total(await app.SearchAsync(marker)));
    }

    [Theory]
    [InlineData("TRUNCATED")]
    [InlineData("TRAILING_COMMA")]
    [InlineData("UNQUOTED_KEY")]
    [InlineData("GARBAGE_AFTER")]
    [InlineData("TWO_OBJECTS")]
    [InlineData("[]")]
    [InlineData("42")]
    [InlineData("null")]
    [InlineData("")]
    public async Task Create_with_malformed_json_or_no_body_is_400_on_the_body_and_creates_nothing(string kind)
    {
        var marker = Guid.NewGuid().ToString("N");
        var text = Malformed(ValidBody(marker).ToJsonString(), kind);
        using var admin = await app.CreateAdminClientAsync();

        using var response = await admin.PostAsync("/api/products", ApiFixture.Json(text));

        await response.ExpectValidationProblemAsync("body");
        await AssertNothingCreatedAsync(marker);
    }

    public static TheoryData<string, string, string> InvalidUpdateFields() => new()
    {
        { "name", "\"\"", "name" },
        { "name", Text(201), "name" },
        { "name", "7", "name" },
        { "description", Text(5001), "description" },
        { "category", "\"  \"", "category" },
        { "category", Text(101), "category" },
        { "price", "-0.5", "price" },
        { "price", "0.001", "price" },
        { "price", "\"free\"", "price" },
        { "stock", "-3", "stock" },
        { "stock", "2.5", "stock" },
        { "images", "[\"ftp://files.example/a.png\"]", "images[0]" },
        { "images", "[\"javascript:alert(1)\"]", "images[0]" },
        { "images", "[\"/img.png\"]", "images[0]" },
        { "images", "{}", "images" },
    };

    [Theory]
    [MemberData(nameof(InvalidUpdateFields))]
    public async Task Update_with_an_invalid_field_is_400_naming_it_and_leaves_the_product_unchanged(string field, string json, string errorKey)
    {
        var product = await app.CreateProductAsync(ApiFixture.UniqueCategory());
        var id = product["id"]!.GetValue<string>();
        var before = await app.GetProductTextAsync(id);
        // A good change next to the bad one: it must not be applied either.
        var body = new JsonObject { ["stock"] = 999 };
        Set(body, field, json);
        using var admin = await app.CreateAdminClientAsync();

        using var response = await admin.PutAsync($"/api/products/{id}", ApiFixture.Json(body));

        await response.ExpectValidationProblemAsync(errorKey);
        Assert.Equal(before, await app.GetProductTextAsync(id));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"name":null,"price":null}""")]
    [InlineData("""{"unknown":"field"}""")]
    public async Task Update_that_changes_nothing_is_400_on_the_body(string json)
    {
        var product = await app.CreateProductAsync(ApiFixture.UniqueCategory());
        var id = product["id"]!.GetValue<string>();
        var before = await app.GetProductTextAsync(id);
        using var admin = await app.CreateAdminClientAsync();

        using var response = await admin.PutAsync($"/api/products/{id}", ApiFixture.Json(json));

        await response.ExpectValidationProblemAsync("body");
        Assert.Equal(before, await app.GetProductTextAsync(id));
    }

    [Theory]
    [InlineData("TRUNCATED")]
    [InlineData("TRAILING_COMMA")]
    [InlineData("UNQUOTED_KEY")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("")]
    public async Task Update_with_malformed_json_is_400_on_the_body_and_leaves_the_product_unchanged(string kind)
    {
        var product = await app.CreateProductAsync(ApiFixture.UniqueCategory());
        var id = product["id"]!.GetValue<string>();
        var before = await app.GetProductTextAsync(id);
        var text = Malformed("""{"name":"Renamed","price":1.25,"stock":42}""", kind);
        using var admin = await app.CreateAdminClientAsync();

        using var response = await admin.PutAsync($"/api/products/{id}", ApiFixture.Json(text));

        await response.ExpectValidationProblemAsync("body");
        Assert.Equal(before, await app.GetProductTextAsync(id));
    }

    private async Task AssertNothingCreatedAsync(string marker)
    {
        Assert.Equal(0, HttpAssertions.Total(await app.ListCategoryAsync($"cat-{marker}")));
        Assert.Equal(0, HttpAssertions.Total(await app.SearchAsync(marker)));
    }

    private static void Set(JsonObject body, string field, string json)
    {
        if (json == Absent)
        {
            body.Remove(field);
        }
        else
        {
            body[field] = JsonNode.Parse(json);
        }
    }

    private static string Malformed(string valid, string kind) => kind switch
    {
        "TRUNCATED" => valid[..(valid.Length / 2)],
        "TRAILING_COMMA" => valid[..^1] + ",}",
        "UNQUOTED_KEY" => valid.Replace("\"name\"", "name", StringComparison.Ordinal),
        "GARBAGE_AFTER" => valid + "x",
        "TWO_OBJECTS" => valid + valid,
        _ => kind,
    };

    private static string Text(int length) => JsonValue.Create(new string('x', length)).ToJsonString();
}

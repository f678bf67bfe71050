using System.Net;
using System.Text.Json.Nodes;
using EcommerceBackend.Api.Tests.Infrastructure;

namespace EcommerceBackend.Api.Tests.Products;

/// <summary><c>GET /api/products</c> and <c>GET /api/products/search</c>: paging, filters and the text search.</summary>
[Collection(ApiCollection.Name)]
public sealed class ProductListTests(ApiFixture app)
{
    [Fact]
    public async Task A_category_list_pages_in_a_stable_creation_order_with_the_total_on_every_page_even_after_an_update()
    {
        var category = ApiFixture.UniqueCategory();
        var created = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            created.Add((await app.CreateProductAsync(category, name: $"Item {i}"))["id"]!.GetValue<string>());
        }

        using var client = app.CreateClient();
        var pages = new List<JsonObject>();
        for (var page = 1; page <= 4; page++)
        {
            using var response = await client.GetAsync($"/api/products?page={page}&limit=2&category={category}");
            pages.Add(await response.ExpectJsonAsync(HttpStatusCode.OK));
        }

        Assert.Equal([2, 2, 1, 0], pages.Select(p => p["items"]!.AsArray().Count));
        Assert.All(pages, p => Assert.Equal(5, HttpAssertions.Total(p)));
        Assert.All(pages, p => Assert.Equal(3, p["totalPages"]!.GetValue<int>()));
        Assert.All(pages, p => Assert.Equal(2, p["limit"]!.GetValue<int>()));
        Assert.Equal([1, 2, 3, 4], pages.Select(p => p["page"]!.GetValue<int>()));
        Assert.Equal(created, pages.SelectMany(HttpAssertions.Ids));

        // Asked again, and after a change to one of them, the same pages come back in the same order.
        using var admin = await app.CreateAdminClientAsync();
        using var update = await admin.PutAsync($"/api/products/{created[2]}", ApiFixture.Json("""{"name":"Item 2, renamed","price":1}"""));
        await update.ExpectJsonAsync(HttpStatusCode.OK);
        using var again = await client.GetAsync($"/api/products?page=2&limit=2&category={category}");
        Assert.Equal(created[2..4], HttpAssertions.Ids(await again.ExpectJsonAsync(HttpStatusCode.OK)));
    }

    [Fact]
    public async Task The_category_filter_ignores_case_and_returns_only_that_category()
    {
        var category = ApiFixture.UniqueCategory();
        var mine = (await app.CreateProductAsync(category))["id"]!.GetValue<string>();
        await app.CreateProductAsync(ApiFixture.UniqueCategory());

        var list = await app.ListCategoryAsync(category.ToUpperInvariant());

        Assert.Equal([mine], HttpAssertions.Ids(list));
        Assert.Equal(1, HttpAssertions.Total(list));
    }

    [Fact]
    public async Task A_list_without_paging_parameters_is_page_1_of_20()
    {
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/api/products");

        var body = await response.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, body["page"]!.GetValue<int>());
        Assert.Equal(20, body["limit"]!.GetValue<int>());
        Assert.True(body["items"]!.AsArray().Count <= 20);
        Assert.True(HttpAssertions.Total(body) >= body["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task The_largest_limit_is_accepted_and_one_more_is_not()
    {
        using var client = app.CreateClient();

        using var largest = await client.GetAsync($"/api/products?limit={ApiFixture.MaxPageSize}");
        using var tooLarge = await client.GetAsync($"/api/products?limit={ApiFixture.MaxPageSize + 1}");

        Assert.Equal(ApiFixture.MaxPageSize, (await largest.ExpectJsonAsync(HttpStatusCode.OK))["limit"]!.GetValue<int>());
        await tooLarge.ExpectValidationProblemAsync("limit");
    }

    public static TheoryData<string, string> BadQueries() => new()
    {
        // query, the error keys
        { "page=0", "page" },
        { "page=-1", "page" },
        { "page=abc", "page" },
        { "page=1.5", "page" },
        { "page=99999999999", "page" },
        { "page=1&page=2", "page" },
        { "page=", "page" },
        { "limit=0", "limit" },
        { "limit=100000", "limit" },
        { "limit=abc", "limit" },
        { "limit=-5", "limit" },
        { "limit=%2B5", "limit" },
        { "limit=%205", "limit" },
        { "limit=1e2", "limit" },
        { "limit=99999999999999999999", "limit" },
        { "page=0&limit=0", "page,limit" },
    };

    [Theory]
    [MemberData(nameof(BadQueries))]
    public async Task A_list_with_bad_paging_is_400_naming_the_parameter(string query, string fields)
    {
        using var client = app.CreateClient();

        using var response = await client.GetAsync($"/api/products?{query}");

        await response.ExpectValidationProblemAsync(fields.Split(','));
    }

    [Theory]
    [MemberData(nameof(BadQueries))]
    public async Task A_search_with_bad_paging_is_400_naming_the_parameter(string query, string fields)
    {
        using var client = app.CreateClient();

        using var response = await client.GetAsync($"/api/products/search?q=laptop&{query}");

        await response.ExpectValidationProblemAsync(fields.Split(','));
    }

    [Theory]
    [InlineData("LONG")]
    [InlineData("")]
    [InlineData("%20%20")]
    public async Task A_list_with_an_overlong_or_blank_category_is_400(string category)
    {
        using var client = app.CreateClient();

        using var response = await client.GetAsync($"/api/products?category={(category == "LONG" ? new string('c', 101) : category)}");

        await response.ExpectValidationProblemAsync("category");
    }

    [Fact]
    public async Task Search_matches_name_description_and_category_ignoring_case_and_pages()
    {
        var word = $"Laptop{Guid.NewGuid():N}";
        var byName = (await app.CreateProductAsync(ApiFixture.UniqueCategory(), name: $"Gaming {word.ToUpperInvariant()} 15"))["id"]!.GetValue<string>();
        var byDescription = (await app.CreateProductAsync(ApiFixture.UniqueCategory(), description: $"a light {word.ToLowerInvariant()} bag"))["id"]!.GetValue<string>();
        var byCategory = (await app.CreateProductAsync($"{word}-accessories"))["id"]!.GetValue<string>();
        await app.CreateProductAsync(ApiFixture.UniqueCategory(), name: "Unrelated desk");
        using var client = app.CreateClient();

        using var first = await client.GetAsync($"/api/products/search?q={word}&limit=2");
        using var second = await client.GetAsync($"/api/products/search?q={word}&limit=2&page=2");

        var page1 = await first.ExpectJsonAsync(HttpStatusCode.OK);
        var page2 = await second.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(3, HttpAssertions.Total(page1));
        Assert.Equal(3, HttpAssertions.Total(page2));
        Assert.Equal([byName, byDescription, byCategory], HttpAssertions.Ids(page1).Concat(HttpAssertions.Ids(page2)));
    }

    [Fact]
    public async Task Search_treats_q_as_plain_text_never_as_a_pattern()
    {
        var marker = $"rx{Guid.NewGuid():N}";
        await app.CreateProductAsync(ApiFixture.UniqueCategory(), name: $"{marker}abc");
        await app.CreateProductAsync(ApiFixture.UniqueCategory(), name: $"{marker}xyz");
        var literal = (await app.CreateProductAsync(ApiFixture.UniqueCategory(), name: $"{marker}.*literal"))["id"]!.GetValue<string>();

        // Each of these would match all three products if it were read as a regular expression or a LIKE pattern.
        Assert.Equal([literal], HttpAssertions.Ids(await app.SearchAsync($"{marker}.*")));
        Assert.Empty(HttpAssertions.Ids(await app.SearchAsync($"{marker}[a-z]+")));
        Assert.Empty(HttpAssertions.Ids(await app.SearchAsync($"{marker}%")));
        Assert.Empty(HttpAssertions.Ids(await app.SearchAsync($"^{marker}")));
        Assert.Empty(HttpAssertions.Ids(await app.SearchAsync($"{marker}(abc|xyz)")));
        Assert.Equal(3, HttpAssertions.Total(await app.SearchAsync(marker)));

        // A bare ".*" finds only what literally contains it.
        var everything = await app.SearchAsync(".*");
        Assert.Contains(literal, HttpAssertions.Ids(everything));
        Assert.All(everything["items"]!.AsArray(), p => Assert.Contains(
            ".*", $"{p!["name"]} {p["description"]} {p["category"]}", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("(")]
    [InlineData("[")]
    [InlineData("\\")]
    [InlineData("*")]
    [InlineData("(?=a)")]
    [InlineData("{\"$regex\":\".*\"}")]
    public async Task Search_with_pattern_syntax_answers_200(string q)
    {
        using var client = app.CreateClient();

        using var response = await client.GetAsync($"/api/products/search?q={Uri.EscapeDataString(q)}");

        await response.ExpectJsonAsync(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("%20%20%20")]
    [InlineData("LONG")]
    public async Task A_search_with_a_missing_blank_or_overlong_q_is_400_naming_q(string? q)
    {
        using var client = app.CreateClient();
        var query = q switch
        {
            null => "",
            "LONG" => "?q=" + new string('q', 101),
            _ => "?q=" + q,
        };

        using var response = await client.GetAsync($"/api/products/search{query}");

        await response.ExpectValidationProblemAsync("q");
    }
}

using System.Net;
using System.Text.Json.Nodes;
using EcommerceBackend.Api.Tests.Infrastructure;

namespace EcommerceBackend.Api.Tests.Products;

/// <summary>Creating, changing and deleting products, and who may.</summary>
[Collection(ApiCollection.Name)]
public sealed class ProductWriteTests(ApiFixture app)
{
    [Fact]
    public async Task An_admin_creates_a_product_with_201_and_a_location_that_reads_it_back()
    {
        var category = ApiFixture.UniqueCategory();
        using var admin = await app.CreateAdminClientAsync();

        using var response = await admin.PostAsync("/api/products", ApiFixture.Json($$"""
            {"name":"  Laptop Pro  ","description":"High-performance laptop","price":999.99,"stock":50,
             "category":"{{category}}","images":["https://example.com/image1.jpg","http://cdn.example/b.png"]}
            """));

        var created = await response.ExpectJsonAsync(HttpStatusCode.Created);
        var id = created["id"]!.GetValue<string>();
        Assert.Matches("^[0-9a-f]{24}$", id);
        Assert.Equal($"/api/products/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("Laptop Pro", created["name"]!.GetValue<string>());
        Assert.Equal(999.99m, created["price"]!.GetValue<decimal>());
        Assert.Equal(50, created["stock"]!.GetValue<int>());
        Assert.Equal(category, created["category"]!.GetValue<string>());
        Assert.Equal(["https://example.com/image1.jpg", "http://cdn.example/b.png"], created["images"]!.AsArray().Select(i => i!.GetValue<string>()));

        using var client = app.CreateClient();
        using var read = await client.GetAsync(response.Headers.Location);
        var readBack = await read.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(created.ToJsonString(), readBack.ToJsonString());
        Assert.Equal([id], HttpAssertions.Ids(await app.ListCategoryAsync(category)));
    }

    [Fact]
    public async Task An_admin_update_changes_only_the_fields_given()
    {
        var category = ApiFixture.UniqueCategory();
        var before = await app.CreateProductAsync(category, name: "Desk Lamp", description: "Warm light", price: 25m, stock: 7);
        var id = before["id"]!.GetValue<string>();
        using var admin = await app.CreateAdminClientAsync();

        using var response = await admin.PutAsync($"/api/products/{id}", ApiFixture.Json("""{"price":19.5,"stock":0}"""));

        var after = await response.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(19.5m, after["price"]!.GetValue<decimal>());
        Assert.Equal(0, after["stock"]!.GetValue<int>());
        foreach (var unchanged in new[] { "id", "name", "description", "category", "images", "createdAt" })
        {
            Assert.Equal(before[unchanged]!.ToJsonString(), after[unchanged]!.ToJsonString());
        }

        Assert.True(after["version"]!.GetValue<long>() > before["version"]!.GetValue<long>());
        Assert.Equal(after.ToJsonString(), await app.GetProductTextAsync(id));
    }

    [Fact]
    public async Task An_admin_delete_is_204_and_the_product_is_gone_from_reads_lists_and_search()
    {
        var category = ApiFixture.UniqueCategory();
        var marker = $"gone{Guid.NewGuid():N}";
        var kept = await app.CreateProductAsync(category, name: $"Kept {marker}");
        var doomed = await app.CreateProductAsync(category, name: $"Doomed {marker}");
        var id = doomed["id"]!.GetValue<string>();
        using var admin = await app.CreateAdminClientAsync();

        using var response = await admin.DeleteAsync($"/api/products/{id}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        using var client = app.CreateClient();
        using var read = await client.GetAsync($"/api/products/{id}");
        await read.ExpectProblemAsync(HttpStatusCode.NotFound);
        var keptId = kept["id"]!.GetValue<string>();
        var list = await app.ListCategoryAsync(category);
        Assert.Equal([keptId], HttpAssertions.Ids(list));
        Assert.Equal(1, HttpAssertions.Total(list));
        Assert.Equal([keptId], HttpAssertions.Ids(await app.SearchAsync(marker)));

        using var again = await admin.DeleteAsync($"/api/products/{id}");
        await again.ExpectProblemAsync(HttpStatusCode.NotFound);
        using var update = await admin.PutAsync($"/api/products/{id}", ApiFixture.Json("""{"stock":3}"""));
        await update.ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal([keptId], HttpAssertions.Ids(await app.ListCategoryAsync(category)));
    }

    [Fact]
    public async Task Lists_and_search_follow_an_update_at_once()
    {
        var from = ApiFixture.UniqueCategory();
        var to = ApiFixture.UniqueCategory();
        var oldName = $"old{Guid.NewGuid():N}";
        var newName = $"new{Guid.NewGuid():N}";
        var product = await app.CreateProductAsync(from, name: oldName);
        var id = product["id"]!.GetValue<string>();
        Assert.Equal([id], HttpAssertions.Ids(await app.ListCategoryAsync(from)));
        Assert.Equal([id], HttpAssertions.Ids(await app.SearchAsync(oldName)));
        using var admin = await app.CreateAdminClientAsync();

        using var response = await admin.PutAsync($"/api/products/{id}", ApiFixture.Json(new JsonObject { ["category"] = to, ["name"] = newName }));

        await response.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Empty(HttpAssertions.Ids(await app.ListCategoryAsync(from)));
        var moved = await app.ListCategoryAsync(to);
        Assert.Equal([id], HttpAssertions.Ids(moved));
        Assert.Equal(newName, moved["items"]![0]!["name"]!.GetValue<string>());
        Assert.Empty(HttpAssertions.Ids(await app.SearchAsync(oldName)));
        Assert.Equal([id], HttpAssertions.Ids(await app.SearchAsync(newName)));
    }

    [Theory]
    [InlineData("0123456789abcdef01234567")]
    [InlineData("0123456789ABCDEF01234567")]
    [InlineData("not-an-id")]
    [InlineData("%E2%82%AC")]
    [InlineData("LONG")]
    public async Task Reading_changing_or_deleting_an_unknown_product_id_is_404(string id)
    {
        if (id == "LONG")
        {
            id = new string('a', 2000);
        }

        using var admin = await app.CreateAdminClientAsync();

        using var read = await admin.GetAsync($"/api/products/{id}");
        using var update = await admin.PutAsync($"/api/products/{id}", ApiFixture.Json("""{"stock":1}"""));
        using var delete = await admin.DeleteAsync($"/api/products/{id}");

        var problem = await read.ExpectProblemAsync(HttpStatusCode.NotFound);
        Assert.True(problem["title"]!.GetValue<string>().Length < 200, "The 404 echoes an unbounded id back.");
        await update.ExpectProblemAsync(HttpStatusCode.NotFound);
        await delete.ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Product_writes_without_a_token_are_401_and_change_nothing()
    {
        var category = ApiFixture.UniqueCategory();
        var product = await app.CreateProductAsync(category);
        var id = product["id"]!.GetValue<string>();
        var before = await app.GetProductTextAsync(id);
        using var client = app.CreateClient();

        using var create = await client.PostAsync("/api/products", ApiFixture.Json($$"""{"name":"Sneaky","price":1,"stock":1,"category":"{{category}}"}"""));
        using var update = await client.PutAsync($"/api/products/{id}", ApiFixture.Json("""{"price":0}"""));
        using var delete = await client.DeleteAsync($"/api/products/{id}");

        await create.ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await update.ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await delete.ExpectProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal([id], HttpAssertions.Ids(await app.ListCategoryAsync(category)));
        Assert.Equal(before, await app.GetProductTextAsync(id));
    }

    [Fact]
    public async Task Product_writes_with_a_customer_token_are_403_and_change_nothing()
    {
        var category = ApiFixture.UniqueCategory();
        var product = await app.CreateProductAsync(category);
        var id = product["id"]!.GetValue<string>();
        var before = await app.GetProductTextAsync(id);
        var customer = await app.RegisterCustomerAsync();
        using var client = app.CreateClient(customer.Token);

        using var create = await client.PostAsync("/api/products", ApiFixture.Json($$"""{"name":"Sneaky","price":1,"stock":1,"category":"{{category}}"}"""));
        using var update = await client.PutAsync($"/api/products/{id}", ApiFixture.Json("""{"price":0}"""));
        using var delete = await client.DeleteAsync($"/api/products/{id}");

        await create.ExpectProblemAsync(HttpStatusCode.Forbidden);
        await update.ExpectProblemAsync(HttpStatusCode.Forbidden);
        await delete.ExpectProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal([id], HttpAssertions.Ids(await app.ListCategoryAsync(category)));
        Assert.Equal(before, await app.GetProductTextAsync(id));
    }

    [Fact]
    public async Task A_product_create_with_a_non_json_content_type_is_415_and_creates_nothing()
    {
        var category = ApiFixture.UniqueCategory();
        using var admin = await app.CreateAdminClientAsync();

        using var response = await admin.PostAsync("/api/products", new StringContent(
            $$"""{"name":"Plain","price":1,"stock":1,"category":"{{category}}"}""", System.Text.Encoding.UTF8, "text/plain"));

        await response.ExpectProblemAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.Equal(0, HttpAssertions.Total(await app.ListCategoryAsync(category)));
    }
}

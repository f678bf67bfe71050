using EcommerceBackend.Contracts;
using EcommerceBackend.Contracts.Products;
using EcommerceBackend.Grains.Products;
using EcommerceBackend.Grains.Tests.Infrastructure;

namespace EcommerceBackend.Grains.Tests;

/// <summary>
/// The catalog index is one grain shared by every test of the run, so each test gives its products a category or
/// text of its own and looks only at those, never at global totals.
/// </summary>
public sealed class CatalogIndexTests(ClusterFixture fixture) : ClusterTest(fixture)
{
    private static readonly IComparer<ProductDetails> ListOrder = Comparer<ProductDetails>.Create(static (a, b) =>
    {
        var byTime = a.CreatedAt.CompareTo(b.CreatedAt);
        return byTime != 0 ? byTime : string.CompareOrdinal(a.Id, b.Id);
    });

    [Fact]
    public async Task A_created_product_is_listed_in_its_category_at_once()
    {
        var category = NewCategory();
        var created = await CreateProductAsync(TestData.NewProduct(category, images: ["https://img.example.com/a.png"]));

        var page = await Index.QueryAsync(TestData.Query(category));

        Assert.Equal(1, page.Total);
        TestData.AssertSameProduct(created, Assert.Single(page.Items));
    }

    [Fact]
    public async Task An_updated_product_is_listed_with_its_new_fields()
    {
        var category = NewCategory();
        var created = await CreateProductAsync(TestData.NewProduct(category, name: "Old name", price: 10m));

        var updated = await Product(created.Id).UpdateAsync(new ProductChanges { Name = "New name", Price = 12.5m });

        Assert.NotNull(updated);
        var listed = Assert.Single((await Index.QueryAsync(TestData.Query(category))).Items);
        TestData.AssertSameProduct(updated, listed);
        Assert.Equal("New name", listed.Name);
        Assert.Equal(12.5m, listed.Price);
        Assert.Equal(2, listed.Version);
    }

    [Fact]
    public async Task A_product_moved_to_another_category_leaves_the_old_one()
    {
        var (from, to) = (NewCategory(), NewCategory());
        var created = await CreateProductAsync(TestData.NewProduct(from));

        await Product(created.Id).UpdateAsync(new ProductChanges { Category = to });

        var old = await Index.QueryAsync(TestData.Query(from));
        Assert.Equal(0, old.Total);
        Assert.Empty(old.Items);
        Assert.Equal(created.Id, Assert.Single((await Index.QueryAsync(TestData.Query(to))).Items).Id);
    }

    [Fact]
    public async Task A_deleted_product_is_gone_from_lists_searches_and_totals()
    {
        var category = NewCategory();
        var kept = await CreateProductAsync(TestData.NewProduct(category));
        var deleted = await CreateProductAsync(TestData.NewProduct(category));
        Assert.Equal(2, (await Index.QueryAsync(TestData.Query(category))).Total);

        Assert.True(await Product(deleted.Id).DeleteAsync());

        var byCategory = await Index.QueryAsync(TestData.Query(category));
        Assert.Equal(1, byCategory.Total);
        Assert.Equal(kept.Id, Assert.Single(byCategory.Items).Id);
        var bySearch = await Index.QueryAsync(TestData.Query(text: deleted.Name));
        Assert.Equal(0, bySearch.Total);
        Assert.Empty(bySearch.Items);
        Assert.DoesNotContain(deleted.Id, await AllIdsAsync());
    }

    [Fact]
    public async Task Pages_split_a_category_oldest_first_with_the_total_on_every_page()
    {
        var category = NewCategory();
        var created = new List<ProductDetails>();
        for (var i = 0; i < 5; i++)
        {
            created.Add(await CreateProductAsync(TestData.NewProduct(category, name: $"Item {i}")));
        }

        var expected = created.Order(ListOrder).Select(p => p.Id).ToList();
        var pages = new List<PagedResult<ProductDetails>>();
        for (var page = 1; page <= 4; page++)
        {
            pages.Add(await Index.QueryAsync(TestData.Query(category, page: page, limit: 2)));
        }

        Assert.All(pages, p => Assert.Equal(5, p.Total));
        Assert.All(pages, p => Assert.Equal(2, p.Limit));
        Assert.Equal([1, 2, 3, 4], pages.Select(p => p.Page));
        Assert.Equal([2, 2, 1, 0], pages.Select(p => p.Items.Count));
        Assert.Equal(expected, pages.SelectMany(p => p.Items).Select(p => p.Id));
        Assert.Equal(created.Select(p => p.Id), expected);
    }

    [Fact]
    public async Task Products_created_at_the_same_instant_are_listed_by_id()
    {
        // Fed to the index directly, as product grains do, to control the creation times.
        var category = NewCategory();
        var instant = new DateTimeOffset(2001, 2, 3, 4, 5, 6, TimeSpan.Zero);
        var ids = Enumerable.Range(0, 4).Select(_ => EntityId.New()).ToList();
        var later = Details(EntityId.New(), category, instant.AddTicks(1));
        await Index.UpsertAsync(later);
        foreach (var id in ids)
        {
            await Index.UpsertAsync(Details(id, category, instant));
        }

        try
        {
            var listed = (await Index.QueryAsync(TestData.Query(category))).Items.Select(p => p.Id);
            Assert.Equal([.. ids.Order(StringComparer.Ordinal), later.Id], listed);
            var all = await AllIdsAsync();
            Assert.Equal([.. ids.Order(StringComparer.Ordinal), later.Id], all.Where(id => ids.Contains(id) || id == later.Id));
        }
        finally
        {
            foreach (var id in ids.Append(later.Id))
            {
                await Index.RemoveAsync(id);
            }
        }
    }

    [Fact]
    public async Task The_index_keeps_the_highest_version_it_has_seen()
    {
        var category = NewCategory();
        var created = await CreateProductAsync(TestData.NewProduct(category, name: "Current"));
        var updated = await Product(created.Id).UpdateAsync(new ProductChanges { Name = "Newer" });
        Assert.NotNull(updated);

        await Index.UpsertAsync(created with { Name = "Stale" });
        await Index.UpsertAsync(updated with { Name = "Same version, ignored" });

        TestData.AssertSameProduct(updated, Assert.Single((await Index.QueryAsync(TestData.Query(category))).Items));
    }

    [Theory]
    [InlineData(1_000_000, 2_148)]
    [InlineData(int.MaxValue, int.MaxValue)]
    public async Task A_page_far_past_the_end_is_empty_and_keeps_the_total(int page, int limit)
    {
        var category = NewCategory();
        await CreateProductAsync(TestData.NewProduct(category));

        var filtered = await Index.QueryAsync(TestData.Query(category, page: page, limit: limit));
        var unfiltered = await Index.QueryAsync(TestData.Query(page: page, limit: limit));

        Assert.Equal(1, filtered.Total);
        Assert.Empty(filtered.Items);
        Assert.Equal((page, limit), (filtered.Page, filtered.Limit));
        Assert.InRange(unfiltered.Total, 1, int.MaxValue);
        Assert.Empty(unfiltered.Items);
    }

    [Fact]
    public async Task Paging_the_unfiltered_list_visits_every_product_once_in_order()
    {
        var mine = new HashSet<string>();
        for (var i = 0; i < 3; i++)
        {
            mine.Add((await CreateProductAsync(TestData.NewProduct(NewCategory()))).Id);
        }

        var first = await Index.QueryAsync(TestData.Query(limit: 7));
        var items = new List<ProductDetails>(first.Items);
        for (var page = 2; (page - 1) * 7 < first.Total; page++)
        {
            var next = await Index.QueryAsync(TestData.Query(page: page, limit: 7));
            Assert.Equal(first.Total, next.Total);
            items.AddRange(next.Items);
        }

        Assert.Equal(first.Total, items.Count);
        Assert.Equal(items.Count, items.Select(p => p.Id).Distinct().Count());
        Assert.Equal(items.Order(ListOrder).Select(p => p.Id), items.Select(p => p.Id));
        Assert.Superset(mine, items.Select(p => p.Id).ToHashSet());
        Assert.Empty((await Index.QueryAsync(TestData.Query(page: (first.Total / 7) + 2, limit: 7))).Items);
    }

    [Fact]
    public async Task The_category_filter_ignores_case_but_matches_the_whole_category()
    {
        var category = $"Outdoor-{TestData.Token()}";
        var exact = await CreateProductAsync(TestData.NewProduct(category));
        await CreateProductAsync(TestData.NewProduct($"{category}-extra"));

        foreach (var asked in new[] { category, category.ToUpperInvariant(), category.ToLowerInvariant() })
        {
            var page = await Index.QueryAsync(TestData.Query(asked));
            Assert.Equal(1, page.Total);
            Assert.Equal(exact.Id, Assert.Single(page.Items).Id);
        }

        Assert.Equal(0, (await Index.QueryAsync(TestData.Query(category[..^1]))).Total);
    }

    [Fact]
    public async Task Search_finds_text_in_the_name_description_or_category_ignoring_case()
    {
        var token = TestData.Token();
        var inName = await CreateProductAsync(TestData.NewProduct(NewCategory(), name: $"Lamp {token}"));
        var inDescription = await CreateProductAsync(TestData.NewProduct(NewCategory(), description: $"A lamp, {token}, brass"));
        var inCategory = await CreateProductAsync(TestData.NewProduct($"Lighting {token}"));
        await CreateProductAsync(TestData.NewProduct(NewCategory(), name: "Lamp without the token"));

        var page = await Index.QueryAsync(TestData.Query(text: token.ToUpperInvariant()));

        Assert.Equal(3, page.Total);
        Assert.Equal(
            new[] { inName, inDescription, inCategory }.Order(ListOrder).Select(p => p.Id),
            page.Items.Select(p => p.Id));
    }

    [Fact]
    public async Task Search_and_category_filter_combine()
    {
        var (category, token) = (NewCategory(), TestData.Token());
        var both = await CreateProductAsync(TestData.NewProduct(category, name: $"Chair {token}"));
        await CreateProductAsync(TestData.NewProduct(category, name: "Chair"));
        await CreateProductAsync(TestData.NewProduct(NewCategory(), name: $"Table {token}"));

        var page = await Index.QueryAsync(TestData.Query(category.ToUpperInvariant(), token));

        Assert.Equal(1, page.Total);
        Assert.Equal(both.Id, Assert.Single(page.Items).Id);
    }

    [Theory]
    [InlineData(".*", "a.*b", "anything at all")]
    [InlineData("[", "[sale", "sale")]
    [InlineData("(", "(draft", "draft")]
    [InlineData("a?c", "a?c", "abc")]
    [InlineData("x\\d+y", "x\\d+y", "x42y")]
    [InlineData("c++", "c++ guide", "ccc guide")]
    [InlineData("50%off", "50%off", "50 percent off")]
    [InlineData("_b_", "_b_", "abc")]
    public async Task Search_text_with_pattern_characters_is_plain_text(string text, string literal, string lookalike)
    {
        var (category, token) = (NewCategory(), TestData.Token());
        var matching = await CreateProductAsync(TestData.NewProduct(category, name: $"{token} {literal}"));
        var other = await CreateProductAsync(TestData.NewProduct(category, name: $"{token} {lookalike}"));

        var page = await Index.QueryAsync(TestData.Query(category, text));
        var everywhere = (await Index.QueryAsync(TestData.Query(text: text, limit: 10_000))).Items.Select(p => p.Id).ToList();

        Assert.Equal(1, page.Total);
        Assert.Equal(matching.Id, Assert.Single(page.Items).Id);
        Assert.Contains(matching.Id, everywhere);
        Assert.DoesNotContain(other.Id, everywhere);
    }

    [Fact]
    public async Task The_index_keeps_its_products_and_order_after_deactivation()
    {
        var category = NewCategory();
        var created = new List<ProductDetails>();
        for (var i = 0; i < 3; i++)
        {
            created.Add(await CreateProductAsync(TestData.NewProduct(category, name: $"Item {i}")));
        }

        await Fixture.Cluster.DeactivateAsync(Index);

        Assert.Equal(created.Select(p => p.Id), (await Index.QueryAsync(TestData.Query(category))).Items.Select(p => p.Id));

        // The rebuilt order must still find held products to replace and remove them.
        var updated = await Product(created[1].Id).UpdateAsync(new ProductChanges { Name = "Renamed" });
        Assert.True(await Product(created[0].Id).DeleteAsync());
        var page = await Index.QueryAsync(TestData.Query(category));
        Assert.Equal([created[1].Id, created[2].Id], page.Items.Select(p => p.Id));
        Assert.Equal("Renamed", page.Items[0].Name);
        Assert.Equal(updated?.Version, page.Items[0].Version);
    }

    private static string NewCategory() => $"Category-{TestData.Token()}";

    private static ProductDetails Details(string id, string category, DateTimeOffset createdAt) => new()
    {
        Id = id,
        Name = $"Fed {id}",
        Description = "",
        Price = 1m,
        Stock = 1,
        Category = category,
        Images = [],
        CreatedAt = createdAt,
        UpdatedAt = createdAt,
        Version = 1,
    };

    private async Task<List<string>> AllIdsAsync() =>
        [.. (await Index.QueryAsync(TestData.Query(limit: int.MaxValue))).Items.Select(p => p.Id)];
}

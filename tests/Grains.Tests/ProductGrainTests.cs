using EcommerceBackend.Contracts;
using EcommerceBackend.Contracts.Products;
using EcommerceBackend.Grains.Products;
using EcommerceBackend.Grains.Tests.Infrastructure;

namespace EcommerceBackend.Grains.Tests;

public sealed class ProductGrainTests(ClusterFixture fixture) : ClusterTest(fixture)
{
    [Fact]
    public async Task Create_returns_the_product_under_its_id_and_get_returns_the_same()
    {
        var id = EntityId.New();
        var before = DateTimeOffset.UtcNow;

        var created = await Product(id).CreateAsync(TestData.NewProduct(
            "Garden", name: "Watering can", description: "Ten litres", price: 12.50m, stock: 7,
            images: new List<string> { "https://img.example.com/can.png" }));

        Assert.NotNull(created);
        Assert.Equal(id, created.Id);
        Assert.Equal("Watering can", created.Name);
        Assert.Equal("Ten litres", created.Description);
        Assert.Equal(12.50m, created.Price);
        Assert.Equal(7, created.Stock);
        Assert.Equal("Garden", created.Category);
        Assert.Equal(["https://img.example.com/can.png"], created.Images);
        Assert.Equal(1, created.Version);
        Assert.Equal(created.CreatedAt, created.UpdatedAt);
        Assert.InRange(created.CreatedAt, before, DateTimeOffset.UtcNow);
        TestData.AssertSameProduct(created, await Product(id).GetAsync());
    }

    [Fact]
    public async Task Update_changes_only_the_given_fields_grows_the_version_and_moves_updatedAt()
    {
        var created = await CreateProductAsync(TestData.NewProduct(
            "Kitchen", name: "Kettle", description: "Steel", price: 30m, stock: 5,
            images: new List<string> { "https://img.example.com/kettle.png" }));

        var updated = await Product(created.Id).UpdateAsync(new ProductChanges { Price = 27.99m, Stock = 4 });

        Assert.NotNull(updated);
        Assert.Equal(27.99m, updated.Price);
        Assert.Equal(4, updated.Stock);
        Assert.Equal(created.Name, updated.Name);
        Assert.Equal(created.Description, updated.Description);
        Assert.Equal(created.Category, updated.Category);
        Assert.Equal(created.Images, updated.Images);
        Assert.Equal(created.CreatedAt, updated.CreatedAt);
        Assert.Equal(2, updated.Version);
        Assert.True(updated.UpdatedAt > created.UpdatedAt, $"updatedAt {updated.UpdatedAt:O} should move past {created.UpdatedAt:O}");
        TestData.AssertSameProduct(updated, await Product(created.Id).GetAsync());

        var renamed = await Product(created.Id).UpdateAsync(new ProductChanges
        {
            Name = "Electric kettle",
            Description = "",
            Category = "Appliances",
            Images = new List<string>(),
        });

        Assert.NotNull(renamed);
        Assert.Equal("Electric kettle", renamed.Name);
        Assert.Equal("", renamed.Description);
        Assert.Equal("Appliances", renamed.Category);
        Assert.Empty(renamed.Images);
        Assert.Equal(27.99m, renamed.Price);
        Assert.Equal(4, renamed.Stock);
        Assert.Equal(3, renamed.Version);
        Assert.True(renamed.UpdatedAt > updated.UpdatedAt);
    }

    [Fact]
    public async Task An_empty_change_still_counts_as_a_new_version()
    {
        var created = await CreateProductAsync(TestData.NewProduct("Toys"));

        var updated = await Product(created.Id).UpdateAsync(new ProductChanges());

        Assert.NotNull(updated);
        Assert.Equal(created with { Images = updated.Images, UpdatedAt = updated.UpdatedAt, Version = 2 }, updated);
    }

    [Fact]
    public async Task Delete_makes_get_and_update_return_null_and_a_second_delete_false()
    {
        var created = await CreateProductAsync(TestData.NewProduct("Garden"));
        var grain = Product(created.Id);

        Assert.True(await grain.DeleteAsync());

        Assert.Null(await grain.GetAsync());
        Assert.Null(await grain.UpdateAsync(new ProductChanges { Name = "Back from the dead" }));
        Assert.False(await grain.DeleteAsync());
        Assert.Null(await grain.GetAsync());
    }

    [Fact]
    public async Task Create_on_an_existing_id_returns_null_and_keeps_the_first_product()
    {
        var created = await CreateProductAsync(TestData.NewProduct("Books", name: "First"));

        var second = await Product(created.Id).CreateAsync(TestData.NewProduct("Books", name: "Second", price: 1m));

        Assert.Null(second);
        TestData.AssertSameProduct(created, await Product(created.Id).GetAsync());
    }

    [Fact]
    public async Task Create_on_a_deleted_id_returns_null_even_after_reactivation()
    {
        var created = await CreateProductAsync(TestData.NewProduct("Books"));
        Assert.True(await Product(created.Id).DeleteAsync());
        await Fixture.Cluster.DeactivateAsync(Product(created.Id));

        Assert.Null(await Product(created.Id).CreateAsync(TestData.NewProduct("Books")));
        Assert.Null(await Product(created.Id).GetAsync());
    }

    [Fact]
    public async Task A_product_never_created_is_null_cannot_be_updated_and_cannot_be_deleted()
    {
        var grain = Product(EntityId.New());

        Assert.Null(await grain.GetAsync());
        Assert.Null(await grain.UpdateAsync(new ProductChanges { Price = 1m }));
        Assert.False(await grain.DeleteAsync());
        Assert.NotNull(await grain.CreateAsync(TestData.NewProduct("Books")));
    }
}

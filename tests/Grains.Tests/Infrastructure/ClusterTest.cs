using EcommerceBackend.Contracts;
using EcommerceBackend.Contracts.Customers;
using EcommerceBackend.Contracts.Products;
using EcommerceBackend.Grains.Customers;
using EcommerceBackend.Grains.Products;

namespace EcommerceBackend.Grains.Tests.Infrastructure;

/// <summary>The base of tests that run against the shared cluster.</summary>
[Collection(ClusterCollection.Name)]
public abstract class ClusterTest(ClusterFixture fixture)
{
    protected ClusterFixture Fixture { get; } = fixture;

    protected IGrainFactory Grains => Fixture.Grains;

    /// <summary>The order and product events the test subscriber received.</summary>
    protected EventRecorder Events => Fixture.Events;

    protected ICatalogIndexGrain Index => Grains.GetGrain<ICatalogIndexGrain>(CatalogIndex.Key);

    protected IProductGrain Product(string id) => Grains.GetGrain<IProductGrain>(id);

    protected ICustomerEmailGrain Email(string email) => Grains.GetGrain<ICustomerEmailGrain>(EmailAddress.Normalize(email));

    /// <summary>Creates a product under a fresh id and returns it.</summary>
    protected async Task<ProductDetails> CreateProductAsync(NewProduct product)
    {
        var created = await Product(EntityId.New()).CreateAsync(product);
        Assert.NotNull(created);
        return created;
    }
}

namespace EcommerceBackend.Contracts.Products;

/// <summary>One product, keyed by product id: the source of truth for its fields and its stock.</summary>
[Alias("ecommerce.IProductGrain")]
public interface IProductGrain : IGrainWithStringKey
{
    /// <summary>Creates the product.</summary>
    /// <returns>The product, or <see langword="null"/> when this id is already in use (or was deleted).</returns>
    [Alias("Create")]
    Task<ProductDetails?> CreateAsync(NewProduct product);

    /// <summary>Returns the product, or <see langword="null"/> when it does not exist or was deleted.</summary>
    [Alias("Get")]
    Task<ProductDetails?> GetAsync();

    /// <summary>Applies a change.</summary>
    /// <returns>The changed product, or <see langword="null"/> when it does not exist or was deleted.</returns>
    [Alias("Update")]
    Task<ProductDetails?> UpdateAsync(ProductChanges changes);

    /// <summary>Deletes the product.</summary>
    /// <returns><see langword="true"/> when it existed.</returns>
    [Alias("Delete")]
    Task<bool> DeleteAsync();
}

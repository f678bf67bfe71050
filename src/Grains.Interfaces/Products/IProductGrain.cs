namespace EcommerceBackend.Grains.Products;

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

/// <summary>
/// The catalog index: a copy of every live product, kept current by the product grains, that answers lists
/// and searches without calling each product grain. There is one, keyed by <see cref="CatalogIndex.Key"/>.
/// </summary>
[Alias("ecommerce.ICatalogIndexGrain")]
public interface ICatalogIndexGrain : IGrainWithStringKey
{
    /// <summary>Records a product's current fields; an older version than the one held is ignored.</summary>
    [Alias("Upsert")]
    Task UpsertAsync(ProductDetails product);

    /// <summary>Removes a deleted product.</summary>
    [Alias("Remove")]
    Task RemoveAsync(string productId);

    /// <summary>Lists products matching the query, oldest first (creation time, then id).</summary>
    [Alias("Query")]
    Task<PagedResult<ProductDetails>> QueryAsync(CatalogQuery query);
}

/// <summary>Well-known keys of the catalog index.</summary>
public static class CatalogIndex
{
    /// <summary>The key of the one catalog index grain.</summary>
    public const string Key = "catalog";
}

namespace EcommerceBackend.Contracts.Products;

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

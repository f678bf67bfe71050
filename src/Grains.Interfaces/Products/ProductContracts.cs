namespace EcommerceBackend.Contracts.Products;

/// <summary>A product as served by the API and held by the catalog index.</summary>
[GenerateSerializer, Immutable, Alias("ecommerce.ProductDetails")]
public sealed record ProductDetails
{
    /// <summary>The product id (24 hexadecimal characters).</summary>
    [Id(0)] public required string Id { get; init; }

    /// <summary>The product name.</summary>
    [Id(1)] public required string Name { get; init; }

    /// <summary>The description; empty when none was given.</summary>
    [Id(2)] public required string Description { get; init; }

    /// <summary>The unit price, never negative.</summary>
    [Id(3)] public required decimal Price { get; init; }

    /// <summary>The units in stock, never negative.</summary>
    [Id(4)] public required int Stock { get; init; }

    /// <summary>The category, as given.</summary>
    [Id(5)] public required string Category { get; init; }

    /// <summary>Absolute http(s) URLs of product images.</summary>
    [Id(6)] public required IReadOnlyList<string> Images { get; init; }

    /// <summary>When the product was created.</summary>
    [Id(7)] public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the product last changed.</summary>
    [Id(8)] public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Grows by one with every change; the catalog index keeps the highest version it has seen.</summary>
    [Id(9)] public required long Version { get; init; }
}

/// <summary>The fields of a new product, already validated.</summary>
[GenerateSerializer, Immutable, Alias("ecommerce.NewProduct")]
public sealed record NewProduct
{
    /// <summary>The product name.</summary>
    [Id(0)] public required string Name { get; init; }

    /// <summary>The description.</summary>
    [Id(1)] public string Description { get; init; } = "";

    /// <summary>The unit price.</summary>
    [Id(2)] public required decimal Price { get; init; }

    /// <summary>The units in stock.</summary>
    [Id(3)] public required int Stock { get; init; }

    /// <summary>The category.</summary>
    [Id(4)] public required string Category { get; init; }

    /// <summary>Image URLs.</summary>
    [Id(5)] public IReadOnlyList<string> Images { get; init; } = [];
}

/// <summary>A change to a product: a <see langword="null"/> field stays as it is.</summary>
[GenerateSerializer, Immutable, Alias("ecommerce.ProductChanges")]
public sealed record ProductChanges
{
    /// <summary>The new name.</summary>
    [Id(0)] public string? Name { get; init; }

    /// <summary>The new description.</summary>
    [Id(1)] public string? Description { get; init; }

    /// <summary>The new unit price.</summary>
    [Id(2)] public decimal? Price { get; init; }

    /// <summary>The new stock level.</summary>
    [Id(3)] public int? Stock { get; init; }

    /// <summary>The new category.</summary>
    [Id(4)] public string? Category { get; init; }

    /// <summary>The new image URLs (replacing the old ones).</summary>
    [Id(5)] public IReadOnlyList<string>? Images { get; init; }
}

/// <summary>A catalog query: an optional category filter or search text, and a page.</summary>
[GenerateSerializer, Immutable, Alias("ecommerce.CatalogQuery")]
public sealed record CatalogQuery
{
    /// <summary>Only products of this category (compared case-insensitively).</summary>
    [Id(0)] public string? Category { get; init; }

    /// <summary>Only products whose name, description or category contain this text (case-insensitively; plain text, never a pattern).</summary>
    [Id(1)] public string? Text { get; init; }

    /// <summary>The page to return.</summary>
    [Id(2)] public required PageRequest Page { get; init; }
}

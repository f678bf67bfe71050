namespace EcommerceBackend.Contracts.Analytics;

/// <summary>What top products are ranked by.</summary>
[GenerateSerializer, Alias("ecommerce.TopProductsBy")]
public enum TopProductsBy
{
    /// <summary>Units sold.</summary>
    Units = 0,

    /// <summary>Revenue.</summary>
    Revenue = 1,
}

/// <summary>A product's sales, counted over the lines of orders that are not cancelled.</summary>
[GenerateSerializer, Alias("ecommerce.TopProduct")]
public sealed record TopProduct
{
    /// <summary>The product id.</summary>
    [Id(0)] public required string ProductId { get; init; }

    /// <summary>The product name on its most recently placed order.</summary>
    [Id(1)] public required string Name { get; init; }

    /// <summary>Units sold.</summary>
    [Id(2)] public required int Units { get; init; }

    /// <summary>The sum of its line totals.</summary>
    [Id(3)] public required decimal Revenue { get; init; }
}

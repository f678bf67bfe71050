namespace EcommerceBackend.Contracts.Events;

/// <summary>The payload of <c>product.updated</c>: the product's whole state after the change.</summary>
[GenerateSerializer, Immutable, Alias("ecommerce.ProductUpdatedData")]
public sealed record ProductUpdatedData : EventData
{
    /// <summary>The <see cref="Reason"/> of the event a deletion sends.</summary>
    public const string DeletedReason = "deleted";

    /// <summary>The <see cref="Reason"/> of the event a creation sends.</summary>
    public const string CreatedReason = "created";

    /// <summary>The product id.</summary>
    [Id(0)] public required string ProductId { get; init; }

    /// <summary>The name.</summary>
    [Id(1)] public required string Name { get; init; }

    /// <summary>The category.</summary>
    [Id(2)] public required string Category { get; init; }

    /// <summary>The unit price.</summary>
    [Id(3)] public required decimal Price { get; init; }

    /// <summary>The stock after the change.</summary>
    [Id(4)] public required int Stock { get; init; }

    /// <summary>The stock before the change.</summary>
    [Id(5)] public required int PreviousStock { get; init; }

    /// <summary>
    /// Why: <c>created</c> or <c>updated</c> (by an admin), <c>reserved</c> (by an order), <c>released</c> (a cancelled
    /// order) or <c>deleted</c> (by an admin; the product is gone for good, whatever events of it come later).
    /// </summary>
    [Id(6)] public required string Reason { get; init; }

    /// <summary>The order that reserved or released stock, when that was the reason.</summary>
    [Id(7)] public string? OrderId { get; init; }

    /// <summary>The product's version after the change.</summary>
    [Id(8)] public required long Version { get; init; }

    /// <summary>The description.</summary>
    [Id(9)] public string Description { get; init; } = "";

    /// <summary>Image URLs.</summary>
    [Id(10)] public IReadOnlyList<string> Images { get; init; } = [];

    /// <summary>When the product was created.</summary>
    [Id(11)] public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it changed (this change).</summary>
    [Id(12)] public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Whether the product is deleted (from its deletion on, also in later stock events of it).</summary>
    [Id(13)] public bool Deleted { get; init; }
}

/// <summary>The payload of <c>product.stock_low</c>: sent once each time stock falls below the threshold.</summary>
[GenerateSerializer, Immutable, Alias("ecommerce.ProductStockLowData")]
public sealed record ProductStockLowData : EventData
{
    /// <summary>The product id.</summary>
    [Id(0)] public required string ProductId { get; init; }

    /// <summary>The name.</summary>
    [Id(1)] public required string Name { get; init; }

    /// <summary>The stock now.</summary>
    [Id(2)] public required int Stock { get; init; }

    /// <summary>The threshold it fell below.</summary>
    [Id(3)] public required int Threshold { get; init; }
}

namespace EcommerceBackend.Contracts;

/// <summary>A page request: 1-based <see cref="Page"/> and a <see cref="Limit"/> already capped by the caller.</summary>
[GenerateSerializer, Alias("ecommerce.PageRequest")]
public sealed record PageRequest
{
    /// <summary>The 1-based page number.</summary>
    [Id(0)] public required int Page { get; init; }

    /// <summary>The number of items per page.</summary>
    [Id(1)] public required int Limit { get; init; }

    /// <summary>How many items precede this page (at most <see cref="int.MaxValue"/>: a page far past the end is empty, not a wrapped-around one).</summary>
    public int Skip => (int)Math.Min((long)(Page - 1) * Limit, int.MaxValue);
}

/// <summary>One page of a list, with the total number of matching items.</summary>
/// <typeparam name="T">The item type.</typeparam>
[GenerateSerializer, Alias("ecommerce.PagedResult`1")]
public sealed record PagedResult<T>
{
    /// <summary>The items of this page.</summary>
    [Id(0)] public required IReadOnlyList<T> Items { get; init; }

    /// <summary>The 1-based page number.</summary>
    [Id(1)] public required int Page { get; init; }

    /// <summary>The page size that was asked for.</summary>
    [Id(2)] public required int Limit { get; init; }

    /// <summary>The number of items that match, over all pages.</summary>
    [Id(3)] public required int Total { get; init; }
}

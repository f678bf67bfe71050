using EcommerceBackend.Contracts.Orders;

namespace EcommerceBackend.Contracts.Analytics;

/// <summary>One entity's change, as its <see cref="IAnalyticsEntityGrain"/> hands it to its shard.</summary>
[GenerateSerializer, Alias("ecommerce.AnalyticsChange")]
public sealed record AnalyticsChange
{
    /// <summary>The entity (<see cref="AnalyticsEntityKeys"/>).</summary>
    [Id(0)] public required string Key { get; init; }

    /// <summary>The version the entity had counted before (0: none).</summary>
    [Id(1)] public required int OldVersion { get; init; }

    /// <summary>The order as counted before, if any.</summary>
    [Id(2)] public AnalyticsOrderRecord? Old { get; init; }

    /// <summary>The version counted now.</summary>
    [Id(3)] public required int Version { get; init; }

    /// <summary>The order as counted now; none for a customer's registration, the only change that is not an order's.</summary>
    [Id(4)] public AnalyticsOrderRecord? New { get; init; }
}

/// <summary>What the analytics count of an order in one state: enough to take its contribution back.</summary>
[GenerateSerializer, Immutable, Alias("ecommerce.AnalyticsOrderRecord")]
public sealed record AnalyticsOrderRecord
{
    /// <summary>Its status then.</summary>
    [Id(0)] public required OrderStatus Status { get; init; }

    /// <summary>Its total.</summary>
    [Id(1)] public required decimal Total { get; init; }

    /// <summary>When it was placed.</summary>
    [Id(2)] public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Its lines: product, name at placement, units and line total.</summary>
    [Id(3)] public required IReadOnlyList<AnalyticsOrderLine> Lines { get; init; }

    /// <summary>Whether no later state can follow (delivered or cancelled).</summary>
    public bool IsClosed => Status is OrderStatus.Delivered or OrderStatus.Cancelled;

    /// <summary>The record of an order as an event carries it.</summary>
    public static AnalyticsOrderRecord Of(OrderDetails order) => new()
    {
        Status = order.Status,
        Total = order.Total,
        CreatedAt = order.CreatedAt,
        Lines = order.Items.Select(l => new AnalyticsOrderLine { ProductId = l.ProductId, Name = l.Name, Units = l.Quantity, Revenue = l.LineTotal }).ToList(),
    };
}

/// <summary>One line of an <see cref="AnalyticsOrderRecord"/>.</summary>
[GenerateSerializer, Immutable, Alias("ecommerce.AnalyticsOrderLine")]
public sealed record AnalyticsOrderLine
{
    /// <summary>The product.</summary>
    [Id(0)] public required string ProductId { get; init; }

    /// <summary>Its name when the order was placed.</summary>
    [Id(1)] public required string Name { get; init; }

    /// <summary>Units ordered.</summary>
    [Id(2)] public required int Units { get; init; }

    /// <summary>The line's total.</summary>
    [Id(3)] public required decimal Revenue { get; init; }
}

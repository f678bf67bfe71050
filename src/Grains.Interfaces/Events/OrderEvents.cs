using EcommerceBackend.Contracts.Orders;

namespace EcommerceBackend.Contracts.Events;

/// <summary>The payload of <c>order.created</c>, <c>order.updated</c> and <c>order.cancelled</c>: the order after the change.</summary>
[GenerateSerializer, Immutable, Alias("ecommerce.OrderEventData")]
public sealed record OrderEventData : EventData
{
    /// <summary>The order as it stands after the change.</summary>
    [Id(0)] public required OrderDetails Order { get; init; }

    /// <summary>The status before the change; <see langword="null"/> for <c>order.created</c>.</summary>
    [Id(1)] public OrderStatus? PreviousStatus { get; init; }

    /// <summary>Who made the change.</summary>
    [Id(2)] public required string Actor { get; init; }
}

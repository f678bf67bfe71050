namespace EcommerceBackend.Contracts.Events;

/// <summary>
/// A domain event in the envelope every consumer sees, inside the cluster and on RabbitMQ alike:
/// <see cref="Id"/> is unique and is the idempotency key; <see cref="Type"/> is the routing key.
/// </summary>
[GenerateSerializer, Immutable, Alias("ecommerce.DomainEvent")]
public sealed record DomainEvent
{
    /// <summary>Unique per event; consumers drop an id they have already handled.</summary>
    [Id(0)] public required string Id { get; init; }

    /// <summary>The routing key, e.g. <c>order.created</c>.</summary>
    [Id(1)] public required string Type { get; init; }

    /// <summary>What produced it, e.g. <c>ecommerce-backend/orders</c>.</summary>
    [Id(2)] public required string Source { get; init; }

    /// <summary>When the change happened.</summary>
    [Id(3)] public required DateTimeOffset Time { get; init; }

    /// <summary>The id of the entity that changed (an order, a product, a customer or a notification).</summary>
    [Id(4)] public required string Subject { get; init; }

    /// <summary>The event's payload.</summary>
    [Id(5)] public required EventData Data { get; init; }

    /// <summary>The topic exchange the event belongs to.</summary>
    public string Exchange => EventTypes.ExchangeOf(Type);
}

/// <summary>The payload of a <see cref="DomainEvent"/>.</summary>
[GenerateSerializer, Alias("ecommerce.EventData")]
public abstract record EventData;

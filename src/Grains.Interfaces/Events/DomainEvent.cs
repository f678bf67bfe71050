namespace EcommerceBackend.Grains.Events;

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

/// <summary>The exchanges and routing keys of the original design. They are a public contract: never rename.</summary>
public static class EventTypes
{
    /// <summary>Order events.</summary>
    public const string OrderExchange = "order_exchange";

    /// <summary>Product events.</summary>
    public const string ProductExchange = "product_exchange";

    /// <summary>Alert events.</summary>
    public const string AlertExchange = "alert_exchange";

    /// <summary>Customer events (an addition: the original had none).</summary>
    public const string CustomerExchange = "customer_exchange";

    /// <summary>An order was placed.</summary>
    public const string OrderCreated = "order.created";

    /// <summary>An order's status changed (other than to cancelled).</summary>
    public const string OrderUpdated = "order.updated";

    /// <summary>An order was cancelled and its stock returned.</summary>
    public const string OrderCancelled = "order.cancelled";

    /// <summary>A product's fields or stock changed.</summary>
    public const string ProductUpdated = "product.updated";

    /// <summary>A product's stock fell below the low-stock threshold.</summary>
    public const string ProductStockLow = "product.stock_low";

    /// <summary>An alert was delivered.</summary>
    public const string AlertSent = "alert.sent";

    /// <summary>A customer opened an account.</summary>
    public const string CustomerRegistered = "customer.registered";

    /// <summary>An account was opened or changed (carries the profile).</summary>
    public const string CustomerUpdated = "customer.updated";

    /// <summary>The exchange of a routing key: its first segment names it.</summary>
    public static string ExchangeOf(string type) => (type.IndexOf('.') is var dot and >= 0 ? type.AsSpan(0, dot) : type) switch
    {
        "order" => OrderExchange,
        "product" => ProductExchange,
        "alert" => AlertExchange,
        "customer" => CustomerExchange,
        _ => throw new ArgumentException($"Unknown event type '{type}'.", nameof(type)),
    };
}

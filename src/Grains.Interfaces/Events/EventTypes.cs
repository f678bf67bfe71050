namespace EcommerceBackend.Contracts.Events;

/// <summary>
/// The exchanges and routing keys of the original design. They are a public contract: never rename. Inside the
/// cluster an event travels on the stream of the <see cref="StreamProviders.Events"/> provider whose namespace is its
/// exchange (<see cref="ExchangeOf"/>) and whose key is its routing key, so a consumer subscribes to the kinds of
/// event it wants, and the RabbitMQ bridge knows where each event goes.
/// </summary>
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

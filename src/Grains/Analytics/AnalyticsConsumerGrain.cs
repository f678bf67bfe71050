using EcommerceBackend.Contracts.Analytics;
using EcommerceBackend.Contracts.Events;
using EcommerceBackend.Grains.Events;

namespace EcommerceBackend.Grains.Analytics;

/// <inheritdoc cref="IAnalyticsConsumerGrain"/>
/// <remarks>
/// Holds no state: the entities (an order by its history length, a registration by its customer) and the shards (a
/// product by its version) make every event idempotent, so neither a redelivery nor events overtaking each other
/// count twice.
/// </remarks>
[ImplicitStreamSubscription(EventTypes.OrderExchange)]
[ImplicitStreamSubscription(EventTypes.ProductExchange)]
[ImplicitStreamSubscription(EventTypes.CustomerExchange)]
public sealed class AnalyticsConsumerGrain : DomainEventConsumerGrain, IAnalyticsConsumerGrain
{
    /// <inheritdoc/>
    public override Task HandleAsync(DomainEvent e) => (e.Type, e.Data) switch
    {
        (EventTypes.OrderCreated or EventTypes.OrderUpdated or EventTypes.OrderCancelled, OrderEventData { Order: { } order })
            when order.Id == e.Subject && order.History.Count > 0 => Entity(AnalyticsEntityKeys.Order(order.Id)).ApplyOrderAsync(order),
        (EventTypes.ProductUpdated, ProductUpdatedData product) when product.ProductId == e.Subject =>
            Shard(product.ProductId).ApplyProductAsync(product),
        (EventTypes.CustomerRegistered, CustomerRegisteredData registration) when registration.CustomerId == e.Subject =>
            Entity(AnalyticsEntityKeys.Customer(registration.CustomerId)).ApplyRegistrationAsync(registration),
        // Other types (product.stock_low: product.updated carries the same stock with a version), and payloads that
        // do not match their type, are not analytics.
        _ => Task.CompletedTask,
    };

    private IAnalyticsEntityGrain Entity(string key) => GrainFactory.GetGrain<IAnalyticsEntityGrain>(key);

    private IAnalyticsShardGrain Shard(string id) => GrainFactory.GetGrain<IAnalyticsShardGrain>(AnalyticsShards.Of(id));
}

using EcommerceBackend.Grains.Events;
using Orleans.Streams;
using Orleans.Streams.Core;

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
public sealed class AnalyticsConsumerGrain : Grain, IAnalyticsConsumerGrain, IStreamSubscriptionObserver, IAsyncObserver<DomainEvent>
{
    /// <summary>Called for each implicit subscription of this grain: resumes it with this grain as the observer.</summary>
    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        await handleFactory.Create<DomainEvent>().ResumeAsync(this);

    /// <inheritdoc/>
    public Task OnNextAsync(DomainEvent item, StreamSequenceToken? token = null) => HandleAsync(item);

    /// <inheritdoc/>
    public Task OnCompletedAsync() => Task.CompletedTask;

    /// <inheritdoc/>
    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;

    /// <inheritdoc/>
    public Task HandleAsync(DomainEvent e) => (e.Type, e.Data) switch
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

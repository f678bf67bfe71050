using EcommerceBackend.Contracts.Events;

namespace EcommerceBackend.Contracts.Analytics;

/// <summary>
/// Reads the order, product and customer event streams for the analytics: one stateless consumer per event stream,
/// activated by implicit subscription (its key is the stream's key, the routing key). It hands an order or
/// registration to the entity that remembers it, a product to its shard; a failure there fails the delivery, so the
/// stream delivers the event again.
/// </summary>
[Alias("ecommerce.IAnalyticsConsumerGrain")]
public interface IAnalyticsConsumerGrain : IGrainWithStringKey
{
    /// <summary>Handles one event as if the stream had delivered it (a redelivery changes nothing).</summary>
    [Alias("Handle")]
    Task HandleAsync(DomainEvent domainEvent);
}

using EcommerceBackend.Contracts.Events;

namespace EcommerceBackend.Contracts.Notifications;

/// <summary>
/// Turns order and product events into notifications: one stateless consumer per event stream, activated by
/// implicit subscription (its key is the stream's key, the routing key). Events it has no use for are ignored.
/// </summary>
[Alias("ecommerce.IAlertConsumerGrain")]
public interface IAlertConsumerGrain : IGrainWithStringKey
{
    /// <summary>Handles one event as if the stream had delivered it (a redelivery adds nothing).</summary>
    [Alias("Handle")]
    Task HandleAsync(DomainEvent domainEvent);
}

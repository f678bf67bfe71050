using EcommerceBackend.Contracts.Events;
using Orleans.Streams;

namespace EcommerceBackend.Grains.Events;

/// <summary>Sends domain events on their way. Grains publish through this and never know which stream provider runs.</summary>
public interface IDomainEventPublisher
{
    /// <summary>Publishes one event; throws when it could not be handed over, so the caller keeps it for a retry.</summary>
    Task PublishAsync(DomainEvent domainEvent);
}

/// <summary>
/// Publishes to the Orleans stream provider <see cref="StreamProviders.Events"/> (memory streams in embedded
/// mode, RabbitMQ in cluster mode), on the stream of the event's type (see <see cref="EventTypes"/>).
/// </summary>
public sealed class StreamDomainEventPublisher(IClusterClient client) : IDomainEventPublisher
{
    private IStreamProvider? _provider;

    /// <summary>The stream an event type travels on: (exchange, routing key).</summary>
    public static StreamId StreamOf(string type) => StreamId.Create(EventTypes.ExchangeOf(type), type);

    /// <inheritdoc/>
    public Task PublishAsync(DomainEvent domainEvent)
    {
        _provider ??= client.GetStreamProvider(StreamProviders.Events);
        return _provider.GetStream<DomainEvent>(StreamOf(domainEvent.Type)).OnNextAsync(domainEvent);
    }
}

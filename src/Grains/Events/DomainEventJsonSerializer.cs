using System.Text.Json;
using System.Text.Json.Serialization;
using EcommerceBackend.Contracts.Events;
using Orleans.Streaming.RabbitMQ;

namespace EcommerceBackend.Grains.Events;

/// <summary>
/// Puts domain events on RabbitMQ as the public JSON envelope — <c>id</c>, <c>type</c>, <c>source</c>,
/// <c>time</c>, <c>subject</c>, <c>data</c> — so a program that knows nothing of Orleans can read them, and
/// reads them back. One event per message; the event id is also the AMQP <c>message_id</c>.
/// </summary>
public sealed class DomainEventJsonSerializer : IRabbitMqMessageSerializer
{
    /// <summary>The JSON settings of the envelope: camelCase, enums as camelCase strings, numbers as numbers.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        NumberHandling = JsonNumberHandling.Strict,
    };

    // What the data of each routing key is. A type missing here cannot be read back: it is dead-lettered.
    private static readonly Dictionary<string, Type> DataTypes = new(StringComparer.Ordinal)
    {
        [EventTypes.OrderCreated] = typeof(OrderEventData),
        [EventTypes.OrderUpdated] = typeof(OrderEventData),
        [EventTypes.OrderCancelled] = typeof(OrderEventData),
        [EventTypes.ProductUpdated] = typeof(ProductUpdatedData),
        [EventTypes.ProductStockLow] = typeof(ProductStockLowData),
        [EventTypes.AlertSent] = typeof(AlertSentData),
        [EventTypes.CustomerRegistered] = typeof(CustomerRegisteredData),
        [EventTypes.CustomerUpdated] = typeof(CustomerUpdatedData),
    };

    /// <inheritdoc/>
    public string ContentType => "application/json";

    /// <inheritdoc/>
    public RabbitMqMessage Serialize<T>(StreamId streamId, IEnumerable<T> events, Dictionary<string, object>? requestContext)
    {
        var list = events.ToList();
        if (list is not [DomainEvent domainEvent])
        {
            throw new ArgumentException($"One {nameof(DomainEvent)} per message is the public contract; got {list.Count} item(s) of {typeof(T).Name}.", nameof(events));
        }

        return new RabbitMqMessage(ToJson(domainEvent), domainEvent.Id);
    }

    /// <inheritdoc/>
    public IReadOnlyList<object> Deserialize(StreamId streamId, ReadOnlyMemory<byte> body, out Dictionary<string, object>? requestContext)
    {
        requestContext = null;
        return [FromJson(body.Span)];
    }

    /// <summary>The envelope as UTF-8 JSON.</summary>
    public static byte[] ToJson(DomainEvent domainEvent) => JsonSerializer.SerializeToUtf8Bytes(new Envelope(
        domainEvent.Id,
        domainEvent.Type,
        domainEvent.Source,
        domainEvent.Time,
        domainEvent.Subject,
        JsonSerializer.SerializeToElement(domainEvent.Data, domainEvent.Data.GetType(), Options)), Options);

    /// <summary>Reads an envelope; throws when it is not one, or its type is unknown.</summary>
    public static DomainEvent FromJson(ReadOnlySpan<byte> json)
    {
        var envelope = JsonSerializer.Deserialize<Envelope>(json, Options) ?? throw new JsonException("The message is not an event envelope.");
        if (envelope is not { Id.Length: > 0, Type.Length: > 0, Source: not null, Subject: not null })
        {
            throw new JsonException("The event envelope lacks id, type, source or subject.");
        }

        var dataType = DataTypes.GetValueOrDefault(envelope.Type) ?? throw new JsonException($"Unknown event type '{envelope.Type}'.");
        var data = (EventData?)envelope.Data.Deserialize(dataType, Options) ?? throw new JsonException("The event has no data.");
        return new DomainEvent { Id = envelope.Id, Type = envelope.Type, Source = envelope.Source, Time = envelope.Time, Subject = envelope.Subject, Data = data };
    }

    private sealed record Envelope(string Id, string Type, string Source, DateTimeOffset Time, string Subject, JsonElement Data);
}

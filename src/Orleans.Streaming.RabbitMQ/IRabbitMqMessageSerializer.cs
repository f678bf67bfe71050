using Orleans.Providers.Streams.Common;
using Orleans.Serialization;
using Orleans.Streams;

namespace Orleans.Streaming.RabbitMQ;

/// <summary>
/// Turns a stream's events into an AMQP message body and back. The default keeps Orleans' binary format;
/// register another (keyed by the provider name) to put a public format, such as JSON, on the wire.
/// </summary>
public interface IRabbitMqMessageSerializer
{
    /// <summary>The content type written into each message's properties.</summary>
    string ContentType { get; }

    /// <summary>Writes the events of one <c>OnNextAsync</c> or <c>OnNextBatchAsync</c> call as one message.</summary>
    RabbitMqMessage Serialize<T>(StreamId streamId, IEnumerable<T> events, Dictionary<string, object>? requestContext);

    /// <summary>Reads a message body back into its events.</summary>
    /// <exception cref="Exception">Any exception: the message cannot be read and goes to the dead-letter queue.</exception>
    IReadOnlyList<object> Deserialize(StreamId streamId, ReadOnlyMemory<byte> body, out Dictionary<string, object>? requestContext);
}

/// <summary>An AMQP message body, and the id to put in its <c>message_id</c> property (so consumers outside Orleans can drop repeats).</summary>
public readonly record struct RabbitMqMessage(ReadOnlyMemory<byte> Body, string? MessageId);

/// <summary>The default serializer: the events and request context in Orleans' binary format.</summary>
public sealed class OrleansBinaryMessageSerializer(Serializer<OrleansBinaryMessageSerializer.Payload> serializer) : IRabbitMqMessageSerializer
{
    /// <inheritdoc/>
    public string ContentType => "application/x-orleans-binary";

    /// <inheritdoc/>
    public RabbitMqMessage Serialize<T>(StreamId streamId, IEnumerable<T> events, Dictionary<string, object>? requestContext) =>
        new(serializer.SerializeToArray(new Payload { Events = events.Cast<object>().ToList(), RequestContext = requestContext }), MessageId: null);

    /// <inheritdoc/>
    public IReadOnlyList<object> Deserialize(StreamId streamId, ReadOnlyMemory<byte> body, out Dictionary<string, object>? requestContext)
    {
        var payload = serializer.Deserialize(body) ?? throw new InvalidDataException("The message body holds no payload.");
        requestContext = payload.RequestContext;
        return payload.Events;
    }

    /// <summary>What one message carries.</summary>
    [GenerateSerializer, Alias("Orleans.Streaming.RabbitMQ.Payload")]
    public sealed class Payload
    {
        /// <summary>The events.</summary>
        [Id(0)] public List<object> Events { get; init; } = [];

        /// <summary>The producer's request context, if any.</summary>
        [Id(1)] public Dictionary<string, object>? RequestContext { get; init; }
    }
}

/// <summary>The events of one message, as the pulling agent sees them.</summary>
[GenerateSerializer, Alias("Orleans.Streaming.RabbitMQ.RabbitMqBatchContainer")]
public sealed class RabbitMqBatchContainer : IBatchContainer
{
    /// <summary>Creates the container.</summary>
    public RabbitMqBatchContainer(StreamId streamId, IReadOnlyList<object> events, Dictionary<string, object>? requestContext, EventSequenceTokenV2 sequenceToken)
    {
        StreamId = streamId;
        Events = events;
        RequestContext = requestContext;
        Token = sequenceToken;
    }

    /// <inheritdoc/>
    [Id(0)] public StreamId StreamId { get; }

    /// <summary>The events.</summary>
    [Id(1)] public IReadOnlyList<object> Events { get; }

    /// <summary>The producer's request context.</summary>
    [Id(2)] public Dictionary<string, object>? RequestContext { get; }

    /// <summary>The position of the message in its queue's delivery order.</summary>
    [Id(3)] public EventSequenceTokenV2 Token { get; }

    /// <inheritdoc/>
    public StreamSequenceToken SequenceToken => Token;

    /// <inheritdoc/>
    public IEnumerable<Tuple<T, StreamSequenceToken>> GetEvents<T>() =>
        Events.OfType<T>().Select((e, i) => Tuple.Create<T, StreamSequenceToken>(e, Token.CreateSequenceTokenForEvent(i)));

    /// <inheritdoc/>
    public bool ImportRequestContext()
    {
        if (RequestContext is null)
        {
            return false;
        }

        foreach (var (key, value) in RequestContext)
        {
            Orleans.Runtime.RequestContext.Set(key, value);
        }

        return true;
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Orleans.Streams;

namespace Orleans.Streaming.RabbitMQ.Providers;

/// <summary>
/// Publishes a stream's events to the exchange its namespace names, with its key as the routing key, and
/// creates the receivers of the provider's queues.
/// </summary>
internal sealed class RabbitMqQueueAdapter(
    string name,
    RabbitMqStreamOptions options,
    HashRingBasedStreamQueueMapper mapper,
    RabbitMqConnection connection,
    RabbitMqPublisher publisher,
    IRabbitMqMessageSerializer serializer,
    MessageSignature? signature,
    ConcurrentDictionary<QueueId, RabbitMqQueueAdapterReceiver> receivers,
    ILoggerFactory loggerFactory) : IQueueAdapter
{
    // One header set per partition, built once: nothing changes a message's headers after it is handed to the client.
    private readonly Dictionary<string, object?>[] _partitionHeaders = Enumerable.Range(0, options.QueueCount)
        .Select(p => new Dictionary<string, object?> { [RabbitMqConnection.PartitionHeader] = RabbitMqConnection.PartitionValue((uint)p) })
        .ToArray();

    public string Name => name;

    public bool IsRewindable => false;

    public StreamProviderDirection Direction => StreamProviderDirection.ReadWrite;

    public IQueueAdapterReceiver CreateReceiver(QueueId queueId)
    {
        var receiver = new RabbitMqQueueAdapterReceiver(
            options.QueueName(queueId.GetNumericId()), connection, publisher, options, serializer, signature, loggerFactory.CreateLogger<RabbitMqQueueAdapterReceiver>());
        receivers[queueId] = receiver;
        return receiver;
    }

    public Task QueueMessageBatchAsync<T>(StreamId streamId, IEnumerable<T> events, StreamSequenceToken? token, Dictionary<string, object>? requestContext)
    {
        if (token is not null)
        {
            throw new ArgumentException("The RabbitMQ stream provider does not take sequence tokens from producers.", nameof(token));
        }

        // The namespace names the exchange. Without one the message would go to the default exchange, which routes
        // by queue name: the broker would confirm it, and neither the provider's queues nor anyone else would get it.
        var exchange = streamId.GetNamespace() is { Length: > 0 } streamNamespace && streamNamespace.StartsWith(options.StreamNamespacePrefix, StringComparison.Ordinal)
            && streamNamespace.Length > options.StreamNamespacePrefix.Length
            ? streamNamespace[options.StreamNamespacePrefix.Length..]
            : throw new ArgumentException($"The RabbitMQ stream provider '{name}' needs a stream namespace starting with '{options.StreamNamespacePrefix}' (the rest names the exchange); stream {streamId} has none.", nameof(streamId));
        var routingKey = streamId.GetKeyAsString();
        var partition = mapper.GetQueueForStream(streamId).GetNumericId();
        var message = serializer.Serialize(streamId, events, requestContext);
        var headers = _partitionHeaders[partition];
        var caller = Activity.Current;
        var activity = RabbitMqTelemetry.Source.StartActivity($"publish {exchange}", ActivityKind.Producer);
        var traced = activity ?? caller;

        // This method is not async: left current, the span would parent whatever the caller does next.
        Activity.Current = caller;
        if (signature is not null || traced is not null)
        {
            headers = new Dictionary<string, object?>(headers);
            if (signature is not null)
            {
                headers[MessageSignature.Header] = signature.Sign(exchange, routingKey, message.MessageId, message.Body.Span);
            }

            if (traced is not null)
            {
                // The consumers' spans continue this trace (see RabbitMqTelemetry); the headers are outside the signature.
                RabbitMqTelemetry.Inject(traced, headers);
            }
        }

        if (activity is not null)
        {
            activity.SetTag("messaging.system", "rabbitmq");
            activity.SetTag("messaging.operation.type", "send");
            activity.SetTag("messaging.destination.name", exchange);
            activity.SetTag("messaging.rabbitmq.destination.routing_key", routingKey);
            activity.SetTag("messaging.message.id", message.MessageId);
        }

        var published = publisher.PublishAsync(new OutgoingMessage(exchange, routingKey, message.Body, serializer.ContentType, headers, message.MessageId));
        return CompleteAsync(published, activity, exchange);
    }

    private async Task CompleteAsync(Task published, Activity? activity, string exchange)
    {
        try
        {
            await published;
            RabbitMqTelemetry.Published.Add(1, new KeyValuePair<string, object?>("messaging.destination.name", exchange), new KeyValuePair<string, object?>("provider", name));
        }
        catch (Exception ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            throw;
        }
        finally
        {
            activity?.Dispose();
        }
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Orleans.Providers.Streams.Common;
using Orleans.Streams;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Orleans.Streaming.RabbitMQ.Providers;

/// <summary>
/// Reads one of the provider's queues for the pulling agent of the silo that owns it. Messages are taken with
/// manual acknowledgement and acked only once the agent reports them delivered to every subscriber; one the
/// agent gave up on (a subscriber kept failing) or that cannot be read goes to the dead-letter queue with the
/// error in its headers. If the connection drops, unacked messages go back to the queue at the broker, and
/// the receiver consumes again on a new channel: acks meant for the old channel are dropped, never sent.
/// </summary>
internal sealed partial class RabbitMqQueueAdapterReceiver(
    string queueName,
    RabbitMqConnection connection,
    RabbitMqPublisher publisher,
    RabbitMqStreamOptions options,
    IRabbitMqMessageSerializer serializer,
    MessageSignature? signature,
    ILogger logger) : IQueueAdapterReceiver
{
    private readonly ConcurrentQueue<Delivery> _inbox = new();
    private readonly Dictionary<long, Delivery> _pending = [];
    private readonly Lock _pendingLock = new();
    private IChannel? _channel;
    private DateTime _nextConnectAttempt;
    private long _sequence;
    private bool _stopped;

    /// <summary>Messages taken from the queue and neither acknowledged nor dead-lettered yet (the backlog gauge).</summary>
    internal int Backlog
    {
        get
        {
            lock (_pendingLock)
            {
                return _inbox.Count + _pending.Count;
            }
        }
    }

    public async Task Initialize(TimeSpan timeout)
    {
        RabbitMqTelemetry.Track(this, queueName);
        // Running out of time here is not a failure: the pulling agent would try a few times more and then stop reading
        // the queue for good. GetQueueMessagesAsync consumes later instead.
        using var cancellation = new CancellationTokenSource(timeout);
        await TryConsumeAsync(cancellation.Token);
    }

    public async Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount)
    {
        if (_stopped)
        {
            return [];
        }

        if (_channel is not { IsOpen: true } && DateTime.UtcNow >= _nextConnectAttempt)
        {
            await TryConsumeAsync(CancellationToken.None);
        }

        var limit = maxCount <= 0 ? int.MaxValue : maxCount;
        var batch = new List<IBatchContainer>();
        while (batch.Count < limit && _inbox.TryDequeue(out var delivery))
        {
            if (signature is not null
                && !signature.Verify(delivery.Exchange, delivery.RoutingKey, delivery.MessageId, delivery.Body, delivery.Signature, out var problem))
            {
                // Only what a holder of the key published reaches the consumers; the rest is kept for inspection.
                LogUnauthenticated(logger, queueName, delivery.Exchange, delivery.RoutingKey, problem);
                await DeadLetterAsync(delivery, "unauthenticated", problem);
                continue;
            }

            var streamId = StreamId.Create(options.StreamNamespacePrefix + delivery.Exchange, delivery.RoutingKey);
            IReadOnlyList<object> events;
            Dictionary<string, object>? requestContext;
            try
            {
                events = serializer.Deserialize(streamId, delivery.Body, out requestContext);
            }
            catch (Exception ex)
            {
                // A message nobody can read would block the queue forever: set it aside at once.
                LogUnreadable(logger, queueName, delivery.Exchange, delivery.RoutingKey, ex.Message);
                await DeadLetterAsync(delivery, "unreadable", $"{ex.GetType().Name}: {ex.Message}");
                continue;
            }

            var token = new EventSequenceTokenV2(_sequence++);
            delivery.HandedOut = Stopwatch.GetTimestamp();
            lock (_pendingLock)
            {
                _pending[token.SequenceNumber] = delivery;
            }

            if (delivery.TraceParent is { } traceParent)
            {
                // The publisher's trace context, for the consumer's span (see RabbitMqTelemetry.StartProcessActivity).
                requestContext = new Dictionary<string, object>(requestContext ?? []) { [RabbitMqTelemetry.TraceParentKey] = traceParent };
                if (delivery.TraceState is { } traceState)
                {
                    requestContext[RabbitMqTelemetry.TraceStateKey] = traceState;
                }
            }

            RabbitMqTelemetry.Consumed.Add(1, new KeyValuePair<string, object?>("messaging.destination.name", delivery.Exchange), new KeyValuePair<string, object?>("queue", queueName));
            batch.Add(new RabbitMqBatchContainer(streamId, events, requestContext, token));
        }

        return batch;
    }

    public async Task MessagesDeliveredAsync(IList<IBatchContainer> messages)
    {
        foreach (var message in messages)
        {
            Delivery? delivery;
            lock (_pendingLock)
            {
                _pending.Remove(message.SequenceToken.SequenceNumber, out delivery);
            }

            if (delivery is not null)
            {
                await AckAsync(delivery);
            }
        }
    }

    /// <summary>
    /// Moves a message the pulling agent gave up delivering to the dead-letter queue, with the reason, and acks it.
    /// It is done now, not in <see cref="MessagesDeliveredAsync"/>: the Orleans queue cache never reports a message
    /// whose delivery failed as delivered, so waiting for that would leave it unacked until the channel closed, and
    /// then the broker would hand it out again, forever.
    /// <para>
    /// The agent gives up only after retrying for <paramref name="giveUpAfter"/> since its first attempt, which came
    /// after the message was handed to it. A failure reported sooner is a delivery the agent abandoned because it is
    /// stopping (the queue moves to another silo): the message stays unacknowledged, for the queue's next owner.
    /// </para>
    /// </summary>
    public async Task DeadLetterFailedAsync(StreamSequenceToken? token, string reason, TimeSpan giveUpAfter)
    {
        if (token is null || _stopped)
        {
            return;
        }

        Delivery? delivery;
        lock (_pendingLock)
        {
            if (!_pending.TryGetValue(token.SequenceNumber, out delivery) || Stopwatch.GetElapsedTime(delivery.HandedOut) < giveUpAfter)
            {
                return;
            }

            _pending.Remove(token.SequenceNumber);
        }

        await DeadLetterAsync(delivery, "delivery-failed", reason);
    }

    public async Task Shutdown(TimeSpan timeout)
    {
        _stopped = true;
        RabbitMqTelemetry.Untrack(this);
        if (_channel is { } channel)
        {
            _channel = null;
            try
            {
                // Closing the channel hands every unacked message back to the broker for the next owner.
                await channel.CloseAsync().WaitAsync(timeout);
            }
            catch (Exception ex)
            {
                LogCloseFailed(logger, queueName, ex.Message);
            }

            channel.Dispose();
        }
    }

    private async Task TryConsumeAsync(CancellationToken cancellationToken)
    {
        IChannel? channel = null;
        try
        {
            if (_channel is { } old)
            {
                _channel = null;
                old.Dispose();
            }

            // Messages read from the old channel but not yet handed to the agent come again from the broker.
            _inbox.Clear();
            var open = await connection.GetAsync(cancellationToken);
            channel = await open.CreateChannelAsync(cancellationToken: cancellationToken);
            await channel.BasicQosAsync(0, options.PrefetchCount, global: false, cancellationToken);
            var consumer = new AsyncEventingBasicConsumer(channel);
            var consuming = channel;
            consumer.ReceivedAsync += (_, args) =>
            {
                // The body buffer belongs to the client library only until this handler returns.
                var headers = args.BasicProperties.Headers;
                var signed = headers is not null && headers.TryGetValue(MessageSignature.Header, out var value) ? value : null;
                _inbox.Enqueue(new Delivery(consuming, args.DeliveryTag, args.Exchange, args.RoutingKey, args.Body.ToArray(), args.BasicProperties.MessageId, args.BasicProperties.ContentType, signed)
                {
                    TraceParent = RabbitMqTelemetry.HeaderText(headers, RabbitMqTelemetry.TraceParentHeader),
                    TraceState = RabbitMqTelemetry.HeaderText(headers, RabbitMqTelemetry.TraceStateHeader),
                });
                return Task.CompletedTask;
            };
            await channel.BasicConsumeAsync(queueName, autoAck: false, consumer, cancellationToken);
            _channel = channel;
            LogConsuming(logger, queueName);
        }
        catch (Exception ex)
        {
            // The broker may have registered the consumer before the call gave up (a timeout under load): left open,
            // the channel would hold its prefetched messages unacknowledged for good. Closed, they go back to the queue.
            if (channel is not null)
            {
                try
                {
                    channel.Dispose();
                }
                catch (Exception closing)
                {
                    LogCloseFailed(logger, queueName, closing.Message);
                }
            }

            _nextConnectAttempt = DateTime.UtcNow + options.ReconnectDelay;
            LogConsumeFailed(logger, queueName, ex.Message);
        }
    }

    private async Task AckAsync(Delivery delivery)
    {
        // A tag means something only on the channel that delivered it; after a reconnect the broker redelivers.
        if (!ReferenceEquals(delivery.Channel, _channel) || !delivery.Channel.IsOpen)
        {
            return;
        }

        try
        {
            await delivery.Channel.BasicAckAsync(delivery.Tag, multiple: false);
        }
        catch (Exception ex)
        {
            LogAckFailed(logger, queueName, ex.Message);
        }
    }

    private async Task DeadLetterAsync(Delivery delivery, string kind, string error)
    {
        try
        {
            await publisher.PublishAsync(new OutgoingMessage(
                Exchange: "",
                RoutingKey: options.DeadLetterQueue,
                Body: delivery.Body,
                ContentType: delivery.ContentType ?? "application/octet-stream",
                Headers: new Dictionary<string, object?>
                {
                    ["x-orleans-failure"] = kind,
                    ["x-orleans-error"] = error,
                    ["x-original-exchange"] = delivery.Exchange,
                    ["x-original-routing-key"] = delivery.RoutingKey,
                    ["x-original-queue"] = queueName,
                    ["x-failed-at"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
                },
                MessageId: delivery.MessageId));
        }
        catch (Exception ex)
        {
            // Not set aside: leave it unacked, so the broker offers it again rather than losing it.
            LogDeadLetterFailed(logger, queueName, ex.Message);
            return;
        }

        RabbitMqTelemetry.DeadLettered.Add(1, new KeyValuePair<string, object?>("reason", kind), new KeyValuePair<string, object?>("queue", queueName));
        await AckAsync(delivery);
    }

    private sealed record Delivery(IChannel Channel, ulong Tag, string Exchange, string RoutingKey, byte[] Body, string? MessageId, string? ContentType, object? Signature)
    {
        /// <summary>When the message was handed to the pulling agent (a <see cref="Stopwatch"/> timestamp).</summary>
        public long HandedOut { get; set; }

        /// <summary>The publisher's W3C <c>traceparent</c>, if the message carries one.</summary>
        public string? TraceParent { get; init; }

        /// <summary>The publisher's W3C <c>tracestate</c>, if any.</summary>
        public string? TraceState { get; init; }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Consuming RabbitMQ queue {Queue}")]
    private static partial void LogConsuming(ILogger logger, string queue);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot consume RabbitMQ queue {Queue} yet: {Reason}; trying again shortly")]
    private static partial void LogConsumeFailed(ILogger logger, string queue, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A message on {Queue} from {Exchange}/{RoutingKey} cannot be read ({Reason}); it goes to the dead-letter queue")]
    private static partial void LogUnreadable(ILogger logger, string queue, string exchange, string routingKey, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A message on {Queue} from {Exchange}/{RoutingKey} is not authentic ({Reason}); it goes to the dead-letter queue")]
    private static partial void LogUnauthenticated(ILogger logger, string queue, string exchange, string routingKey, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Acknowledging a message on {Queue} failed ({Reason}); the broker will deliver it again")]
    private static partial void LogAckFailed(ILogger logger, string queue, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Moving a message from {Queue} to the dead-letter queue failed ({Reason}); it stays unacknowledged")]
    private static partial void LogDeadLetterFailed(ILogger logger, string queue, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Closing the channel of {Queue} failed: {Reason}")]
    private static partial void LogCloseFailed(ILogger logger, string queue, string reason);
}

using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;

namespace Orleans.Streaming.RabbitMQ.Providers;

/// <summary>A message waiting to be published, and the task its caller awaits.</summary>
internal sealed record OutgoingMessage(
    string Exchange,
    string RoutingKey,
    ReadOnlyMemory<byte> Body,
    string ContentType,
    IDictionary<string, object?> Headers,
    string? MessageId)
{
    public TaskCompletionSource Confirmed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>
/// Publishes persistent messages with publisher confirms, in batches: one loop owns the channel (RabbitMQ.Client
/// channels are not thread-safe), takes whatever callers queued — up to <see cref="RabbitMqStreamOptions.PublishBatchSize"/>
/// — hands it all to the broker, then awaits the confirms together. Under load a round trip confirms many
/// messages; idle, a message goes out at once. A caller's task completes when the broker confirmed its
/// message, and fails (with <see cref="RabbitMqStreamException"/>) when it did not, so the caller can retry.
/// </summary>
internal sealed partial class RabbitMqPublisher : IAsyncDisposable
{
    private readonly Channel<OutgoingMessage> _queue = Channel.CreateUnbounded<OutgoingMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly RabbitMqConnection _connection;
    private readonly RabbitMqStreamOptions _options;
    private readonly string _providerName;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;
    private IChannel? _channel;

    public RabbitMqPublisher(RabbitMqConnection connection, RabbitMqStreamOptions options, string providerName, ILogger logger)
    {
        _connection = connection;
        _options = options;
        _providerName = providerName;
        _logger = logger;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Queues a message; the task completes when the broker has confirmed it.</summary>
    public Task PublishAsync(OutgoingMessage message)
    {
        if (!_queue.Writer.TryWrite(message))
        {
            return Task.FromException(new RabbitMqStreamException($"The RabbitMQ publisher of stream provider '{_providerName}' is stopped."));
        }

        return message.Confirmed.Task.WaitAsync(_options.PublishTimeout);
    }

    private async Task RunAsync()
    {
        var batch = new List<OutgoingMessage>(_options.PublishBatchSize);
        var confirms = new List<Task>(_options.PublishBatchSize);
        var reader = _queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync(_stopping.Token))
            {
                batch.Clear();
                while (batch.Count < _options.PublishBatchSize && reader.TryRead(out var message))
                {
                    batch.Add(message);
                }

                try
                {
                    var channel = await GetChannelAsync();
                    confirms.Clear();
                    foreach (var message in batch)
                    {
                        await _connection.EnsureExchangeAsync(channel, message.Exchange, _stopping.Token);
                        var properties = new BasicProperties
                        {
                            Persistent = true,
                            ContentType = message.ContentType,
                            MessageId = message.MessageId,
                            Headers = message.Headers,
                            Timestamp = new AmqpTimestamp(DateTimeOffset.UtcNow.ToUnixTimeSeconds()),
                        };
                        confirms.Add(channel.BasicPublishAsync(message.Exchange, message.RoutingKey, mandatory: false, properties, message.Body, _stopping.Token).AsTask());
                    }

                    for (var i = 0; i < batch.Count; i++)
                    {
                        try
                        {
                            await confirms[i];
                            batch[i].Confirmed.TrySetResult();
                        }
                        catch (Exception ex) when (ex is not OperationCanceledException)
                        {
                            batch[i].Confirmed.TrySetException(RabbitMqStreamException.Wrap("RabbitMQ did not confirm the message", ex));
                        }
                    }
                }
                catch (Exception ex) when (!_stopping.IsCancellationRequested)
                {
                    // The channel or the connection is gone: fail what is in hand, so callers retry, and pause.
                    var error = ex as RabbitMqStreamException ?? RabbitMqStreamException.Wrap("Publishing to RabbitMQ failed", ex);
                    foreach (var message in batch)
                    {
                        message.Confirmed.TrySetException(error);
                    }

                    LogPublishFailed(_logger, _providerName, batch.Count, error.Message);
                    await DropChannelAsync();
                    await Task.Delay(_options.ReconnectDelay, _stopping.Token);
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        finally
        {
            while (reader.TryRead(out var message))
            {
                message.Confirmed.TrySetException(new RabbitMqStreamException($"The RabbitMQ publisher of stream provider '{_providerName}' stopped."));
            }

            foreach (var message in batch)
            {
                message.Confirmed.TrySetException(new RabbitMqStreamException($"The RabbitMQ publisher of stream provider '{_providerName}' stopped."));
            }
        }
    }

    private async Task<IChannel> GetChannelAsync()
    {
        if (_channel is { IsOpen: true } open)
        {
            return open;
        }

        await DropChannelAsync();
        var connection = await _connection.GetAsync(_stopping.Token);
        return _channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
            _stopping.Token);
    }

    private async Task DropChannelAsync()
    {
        if (_channel is { } channel)
        {
            _channel = null;
            try
            {
                await channel.DisposeAsync();
            }
            catch (Exception)
            {
                // A channel of a dead connection has nothing left to close.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stopping.CancelAsync();
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await DropChannelAsync();
        _stopping.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "RabbitMQ stream provider {Provider} could not publish {Count} message(s): {Reason}; they are failed back to their callers")]
    private static partial void LogPublishFailed(ILogger logger, string provider, int count, string reason);
}

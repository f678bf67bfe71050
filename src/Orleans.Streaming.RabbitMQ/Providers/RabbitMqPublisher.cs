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
/// Publishes persistent messages with publisher confirms, pipelined: one loop owns the channel (RabbitMQ.Client
/// channels are not thread-safe) and hands every queued message to the broker as it comes, keeping up to
/// <see cref="RabbitMqStreamOptions.MaxUnconfirmedPublishes"/> awaiting their confirms; the broker confirms
/// them in batches. A caller's task completes when the broker confirmed its message, and fails (with
/// <see cref="RabbitMqStreamException"/>) when it did not, so the caller can retry.
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

        return WaitForConfirmAsync(message);
    }

    private async Task WaitForConfirmAsync(OutgoingMessage message)
    {
        try
        {
            await message.Confirmed.Task.WaitAsync(_options.PublishTimeout);
        }
        catch (TimeoutException)
        {
            // Callers (and grain calls) see the provider's own exception, whatever went wrong.
            throw new RabbitMqStreamException($"RabbitMQ did not confirm the message within {_options.PublishTimeout} (stream provider '{_providerName}').");
        }
    }

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        var unconfirmed = new SemaphoreSlim(_options.MaxUnconfirmedPublishes, _options.MaxUnconfirmedPublishes);
        OutgoingMessage? current = null;
        try
        {
            while (await reader.WaitToReadAsync(_stopping.Token))
            {
                try
                {
                    var channel = await GetChannelAsync();
                    while (reader.TryRead(out current))
                    {
                        // Hand each message over as soon as it comes and let its confirm complete it later: the
                        // broker confirms many at once, and the next messages need not wait for the last ones.
                        await unconfirmed.WaitAsync(_stopping.Token);
                        try
                        {
                            await _connection.EnsureExchangeAsync(channel, current.Exchange, _stopping.Token);
                            var properties = new BasicProperties
                            {
                                Persistent = true,
                                ContentType = current.ContentType,
                                MessageId = current.MessageId,
                                Headers = current.Headers,
                                Timestamp = new AmqpTimestamp(DateTimeOffset.UtcNow.ToUnixTimeSeconds()),
                            };
                            var confirm = channel.BasicPublishAsync(current.Exchange, current.RoutingKey, mandatory: false, properties, current.Body, _stopping.Token);
                            _ = CompleteWhenConfirmedAsync(confirm, current, unconfirmed);
                        }
                        catch
                        {
                            // No confirm is awaited for this message, so nothing else gives its slot back.
                            unconfirmed.Release();
                            throw;
                        }

                        current = null;
                    }
                }
                catch (Exception ex) when (!_stopping.IsCancellationRequested)
                {
                    // The channel or the connection is gone: fail the message in hand and every one queued behind it
                    // (its confirms in flight fail by themselves), so callers retry at once rather than wait out their
                    // timeout while the broker is down, and pause before reconnecting.
                    var error = ex as RabbitMqStreamException ?? RabbitMqStreamException.Wrap("Publishing to RabbitMQ failed", ex);
                    current?.Confirmed.TrySetException(error);
                    current = null;
                    while (reader.TryRead(out var queued))
                    {
                        queued.Confirmed.TrySetException(error);
                    }

                    LogPublishFailed(_logger, _providerName, error.Message);
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
            var stopped = new RabbitMqStreamException($"The RabbitMQ publisher of stream provider '{_providerName}' stopped.");
            current?.Confirmed.TrySetException(stopped);
            while (reader.TryRead(out var message))
            {
                message.Confirmed.TrySetException(stopped);
            }
        }
    }

    private static async Task CompleteWhenConfirmedAsync(ValueTask confirm, OutgoingMessage message, SemaphoreSlim unconfirmed)
    {
        try
        {
            await confirm;
            message.Confirmed.TrySetResult();
        }
        catch (Exception ex)
        {
            message.Confirmed.TrySetException(RabbitMqStreamException.Wrap("RabbitMQ did not confirm the message", ex));
        }
        finally
        {
            unconfirmed.Release();
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "RabbitMQ stream provider {Provider} could not publish: {Reason}; messages in flight are failed back to their callers")]
    private static partial void LogPublishFailed(ILogger logger, string provider, string reason);
}

using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;

namespace Orleans.Streaming.RabbitMQ.Providers;

/// <summary>
/// The provider's one AMQP connection in this process, opened on first use and opened again after the
/// broker went away. Each new connection declares the topology first, so no message is published before
/// the queues that must receive it exist:
/// <list type="bullet">
/// <item>the public exchanges (durable; a stream's namespace names its exchange, its key is the routing key);</item>
/// <item>a headers exchange bound to each of them, which routes by the <c>x-orleans-partition</c> header;</item>
/// <item><see cref="RabbitMqStreamOptions.QueueCount"/> durable queues, one per partition, and the dead-letter queue.</item>
/// </list>
/// The client library's automatic recovery is off: delivery tags do not survive a reconnect, so the
/// receivers and the publisher notice a closed channel themselves and start over on a new one.
/// </summary>
internal sealed partial class RabbitMqConnection(RabbitMqStreamOptions options, string providerName, ILogger logger) : IAsyncDisposable
{
    public const string PartitionHeader = "x-orleans-partition";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConcurrentDictionary<string, bool> _boundExchanges = new(StringComparer.Ordinal);
    private IConnection? _connection;
    private bool _disposed;

    /// <summary>An open connection with the topology declared; throws <see cref="RabbitMqStreamException"/> when the broker cannot be reached.</summary>
    public async Task<IConnection> GetAsync(CancellationToken cancellationToken = default)
    {
        if (_connection is { IsOpen: true } open)
        {
            return open;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_connection is { IsOpen: true } current)
            {
                return current;
            }

            if (_connection is { } stale)
            {
                await DisposeQuietlyAsync(stale);
                _connection = null;
            }

            var factory = new ConnectionFactory
            {
                Uri = new Uri(options.ConnectionString),
                AutomaticRecoveryEnabled = false,
                TopologyRecoveryEnabled = false,
                ClientProvidedName = $"orleans-streams:{providerName}:{Environment.MachineName}:{Environment.ProcessId}",
            };
            IConnection connection;
            try
            {
                connection = await factory.CreateConnectionAsync(cancellationToken);
                _boundExchanges.Clear();
                await DeclareTopologyAsync(connection, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not RabbitMqStreamException)
            {
                throw RabbitMqStreamException.Wrap($"Cannot reach RabbitMQ for stream provider '{providerName}'", ex);
            }

            connection.ConnectionShutdownAsync += (_, args) =>
            {
                if (!_disposed)
                {
                    LogConnectionLost(logger, providerName, args.ReplyText);
                }

                return Task.CompletedTask;
            };
            LogConnected(logger, providerName, factory.Endpoint.ToString());
            return _connection = connection;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Declares an exchange not named in the options and binds it to the partitions, once per connection.</summary>
    public async Task EnsureExchangeAsync(IChannel channel, string exchange, CancellationToken cancellationToken = default)
    {
        if (exchange.Length == 0 || _boundExchanges.ContainsKey(exchange))
        {
            return;
        }

        await channel.ExchangeDeclareAsync(exchange, options.ExchangeType, durable: true, autoDelete: false, cancellationToken: cancellationToken);
        await channel.ExchangeBindAsync(options.PartitionExchange, exchange, "#", cancellationToken: cancellationToken);
        _boundExchanges[exchange] = true;
    }

    /// <summary>The value of <see cref="PartitionHeader"/> that routes a message to partition <paramref name="partition"/>.</summary>
    internal static string PartitionValue(uint partition) => partition.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private async Task DeclareTopologyAsync(IConnection connection, CancellationToken cancellationToken)
    {
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        await channel.ExchangeDeclareAsync(options.PartitionExchange, ExchangeType.Headers, durable: true, autoDelete: false, cancellationToken: cancellationToken);
        for (uint partition = 0; partition < options.QueueCount; partition++)
        {
            var queue = options.QueueName(partition);
            await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, cancellationToken: cancellationToken);
            // RabbitMQ (3.10 and later) leaves headers starting with "x-" out of "all" and "any" matching: a binding on
            // the partition header alone would match every message and copy each one into every queue. "all-with-x"
            // matches on it.
            await channel.QueueBindAsync(queue, options.PartitionExchange, "", new Dictionary<string, object?>
            {
                ["x-match"] = "all-with-x",
                [PartitionHeader] = PartitionValue(partition),
            }, cancellationToken: cancellationToken);
        }

        await channel.QueueDeclareAsync(options.DeadLetterQueue, durable: true, exclusive: false, autoDelete: false, cancellationToken: cancellationToken);
        foreach (var exchange in options.Exchanges)
        {
            await EnsureExchangeAsync(channel, exchange, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        if (_connection is { } connection)
        {
            await DisposeQuietlyAsync(connection);
        }

        _gate.Dispose();
    }

    private static async Task DisposeQuietlyAsync(IConnection connection)
    {
        try
        {
            await connection.CloseAsync(TimeSpan.FromSeconds(2));
        }
        catch (Exception)
        {
            // Closing a connection the broker already dropped has nothing left to do.
        }

        connection.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "RabbitMQ stream provider {Provider} connected to {Endpoint}")]
    private static partial void LogConnected(ILogger logger, string provider, string endpoint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "RabbitMQ stream provider {Provider} lost its connection: {Reason}; it reconnects on next use")]
    private static partial void LogConnectionLost(ILogger logger, string provider, string reason);
}

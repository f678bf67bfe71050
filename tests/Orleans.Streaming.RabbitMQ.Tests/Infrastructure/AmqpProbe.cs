using System.Text;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Orleans.Streaming.RabbitMQ.Tests.Infrastructure;

/// <summary>A message as a plain AMQP program reads it.</summary>
public sealed record AmqpMessage(string Exchange, string RoutingKey, byte[] Body, IReadOnlyBasicProperties Properties, bool Redelivered)
{
    /// <summary>A header as text (AMQP carries strings as bytes), or <see langword="null"/>.</summary>
    public string? Header(string name) =>
        Properties.Headers is { } headers && headers.TryGetValue(name, out var value)
            ? value switch
            {
                byte[] bytes => Encoding.UTF8.GetString(bytes),
                null => null,
                _ => value.ToString(),
            }
            : null;

    public string Text => Encoding.UTF8.GetString(Body);
}

/// <summary>
/// What the tests do on the broker without Orleans: bind their own queues to the public exchanges, read them,
/// publish raw messages, look at the provider's queues, and remove what a test created.
/// </summary>
public sealed class AmqpProbe : IAsyncDisposable
{
    private readonly string? _connectionString;
    private IConnection _connection;

    private AmqpProbe(string? connectionString, IConnection connection) => (_connectionString, _connection) = (connectionString, connection);

    /// <summary>Connects to <paramref name="connectionString"/> (by default the broker of <see cref="TestBroker.Variable"/>).</summary>
    public static async Task<AmqpProbe> ConnectAsync(string? connectionString = null) =>
        new(connectionString, await TestBroker.ConnectAsync(connectionString));

    /// <summary>Declares a durable exchange as the provider does (so it exists before anything binds to it).</summary>
    public async Task DeclareExchangeAsync(string exchange, string type = ExchangeType.Topic)
    {
        await using var channel = await (await OpenAsync()).CreateChannelAsync();
        await channel.ExchangeDeclareAsync(exchange, type, durable: true, autoDelete: false);
    }

    /// <summary>A queue of the test's own (server-named, deleted when the connection closes) bound to <paramref name="exchange"/>.</summary>
    public async Task<string> BindOwnQueueAsync(string exchange, string bindingKey)
    {
        await using var channel = await (await OpenAsync()).CreateChannelAsync();
        var queue = (await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true)).QueueName;
        await channel.QueueBindAsync(queue, exchange, bindingKey);
        return queue;
    }

    /// <summary>Takes (and acknowledges) every message now in <paramref name="queue"/>.</summary>
    public async Task<List<AmqpMessage>> TakeAllAsync(string queue)
    {
        var messages = new List<AmqpMessage>();
        await using var channel = await (await OpenAsync()).CreateChannelAsync();
        while (await channel.BasicGetAsync(queue, autoAck: true) is { } result)
        {
            messages.Add(new AmqpMessage(result.Exchange, result.RoutingKey, result.Body.ToArray(), result.BasicProperties, result.Redelivered));
        }

        return messages;
    }

    /// <summary>Publishes a raw message, as a program that knows nothing of Orleans would.</summary>
    public async Task PublishRawAsync(string exchange, string routingKey, byte[] body, IDictionary<string, object?>? headers = null, string? contentType = null)
    {
        await using var channel = await (await OpenAsync()).CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var properties = new BasicProperties { Persistent = true, Headers = headers, ContentType = contentType };
        await channel.BasicPublishAsync(exchange, routingKey, mandatory: false, properties, body);
    }

    /// <summary>The ready-message and consumer counts of a queue, or <see langword="null"/> when it does not exist.</summary>
    public async Task<QueueDeclareOk?> QueueStateAsync(string queue)
    {
        var channel = await (await OpenAsync()).CreateChannelAsync();
        try
        {
            return await channel.QueueDeclarePassiveAsync(queue);
        }
        catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == 404)
        {
            return null;
        }
        finally
        {
            await DisposeQuietlyAsync(channel);
        }
    }

    /// <summary>Whether an exchange exists.</summary>
    public async Task<bool> ExchangeExistsAsync(string exchange)
    {
        var channel = await (await OpenAsync()).CreateChannelAsync();
        try
        {
            await channel.ExchangeDeclarePassiveAsync(exchange);
            return true;
        }
        catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == 404)
        {
            return false;
        }
        finally
        {
            await DisposeQuietlyAsync(channel);
        }
    }

    /// <summary>Deletes queues and exchanges a test created; ones already gone are fine.</summary>
    public async Task DeleteAsync(IEnumerable<string> queues, IEnumerable<string> exchanges)
    {
        foreach (var queue in queues)
        {
            var channel = await (await OpenAsync()).CreateChannelAsync();
            try
            {
                await channel.QueueDeleteAsync(queue);
            }
            catch (OperationInterruptedException)
            {
            }
            finally
            {
                await DisposeQuietlyAsync(channel);
            }
        }

        foreach (var exchange in exchanges)
        {
            var channel = await (await OpenAsync()).CreateChannelAsync();
            try
            {
                await channel.ExchangeDeleteAsync(exchange);
            }
            catch (OperationInterruptedException)
            {
            }
            finally
            {
                await DisposeQuietlyAsync(channel);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _connection.CloseAsync(TimeSpan.FromSeconds(2));
        }
        catch (Exception ex) when (ex is AlreadyClosedException or OperationInterruptedException or IOException or TimeoutException)
        {
        }

        _connection.Dispose();
    }

    /// <summary>The connection, opened again when the broker dropped it (a test may restart the broker).</summary>
    private async Task<IConnection> OpenAsync()
    {
        if (!_connection.IsOpen)
        {
            _connection.Dispose();
            _connection = await TestBroker.ConnectAsync(_connectionString);
        }

        return _connection;
    }

    private static async Task DisposeQuietlyAsync(IChannel channel)
    {
        try
        {
            await channel.DisposeAsync();
        }
        catch (Exception ex) when (ex is AlreadyClosedException or OperationInterruptedException)
        {
        }
    }
}

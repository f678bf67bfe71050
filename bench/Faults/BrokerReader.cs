using System.Collections.Concurrent;
using System.Text.Json;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace EcommerceBackend.Faults;

/// <summary>
/// An outside AMQP reader, as an analytics or mail service of the shop's would be: a durable queue of its own bound to
/// <c>order_exchange</c> for <c>order.created</c>, acknowledging what it recorded, reconnecting when the broker comes back.
/// </summary>
public sealed class BrokerReader : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, List<DateTimeOffset>> _arrivals = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _orders = new(StringComparer.Ordinal);
    private readonly IConnection _connection;
    private readonly IChannel _channel;
    private readonly string _queue;
    private long _redelivered;

    private BrokerReader(IConnection connection, IChannel channel, string queue) => (_connection, _channel, _queue) = (connection, channel, queue);

    /// <summary>Broker redeliveries of a message the reader had not acknowledged yet (its own connection broke): not the cluster's repeats.</summary>
    public long Redelivered => Interlocked.Read(ref _redelivered);

    public static async Task<BrokerReader> StartAsync(string uri, string queue)
    {
        var factory = new ConnectionFactory
        {
            Uri = new Uri(uri),
            AutomaticRecoveryEnabled = true,
            TopologyRecoveryEnabled = true,
            NetworkRecoveryInterval = TimeSpan.FromSeconds(1),
            ClientProvidedName = "faults-reader",
        };
        var connection = await factory.CreateConnectionAsync();
        var channel = await connection.CreateChannelAsync();
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false);
        await channel.QueueBindAsync(queue, "order_exchange", "order.created");
        var reader = new BrokerReader(connection, channel, queue);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += reader.OnReceivedAsync;
        await channel.BasicConsumeAsync(queue, autoAck: false, consumer);
        return reader;
    }

    private async Task OnReceivedAsync(object sender, BasicDeliverEventArgs e)
    {
        var now = DateTimeOffset.UtcNow;
        using var body = JsonDocument.Parse(e.Body);
        var id = e.BasicProperties.MessageId ?? body.RootElement.GetProperty("id").GetString() ?? "";
        if (e.Redelivered)
        {
            Interlocked.Increment(ref _redelivered);
        }
        else
        {
            var times = _arrivals.GetOrAdd(id, _ => []);
            lock (times)
            {
                times.Add(now);
            }
        }

        _orders.TryAdd(body.RootElement.GetProperty("subject").GetString() ?? "", id);
        await _channel.BasicAckAsync(e.DeliveryTag, multiple: false);
    }

    /// <summary>Whether an <c>order.created</c> about this order arrived.</summary>
    public bool Saw(string orderId) => _orders.ContainsKey(orderId);

    /// <summary>The messages that arrived more than once (not counting broker redeliveries), with their first and last arrival.</summary>
    public IReadOnlyList<Repeat> Repeats() =>
        _arrivals.Select(a =>
        {
            lock (a.Value)
            {
                return new Repeat(a.Key, a.Value.Count, a.Value.Min(), a.Value.Max());
            }
        }).Where(r => r.Arrivals > 1).ToList();

    public int Distinct => _arrivals.Count;

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _channel.QueueDeleteAsync(_queue);
        }
        catch (Exception ex) when (ex is RabbitMQ.Client.Exceptions.RabbitMQClientException or RabbitMQ.Client.Exceptions.OperationInterruptedException or IOException)
        {
            // The broker went away with the cluster; the queue goes with its data folder.
        }

        await _channel.DisposeAsync();
        await _connection.DisposeAsync();
    }
}

/// <summary>A message the reader got more than once.</summary>
public sealed record Repeat(string MessageId, int Arrivals, DateTimeOffset First, DateTimeOffset Last)
{
    public TimeSpan Spread => Last - First;
}

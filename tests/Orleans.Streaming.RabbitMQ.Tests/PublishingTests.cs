using System.Globalization;
using Orleans.Streaming.RabbitMQ.Tests.Infrastructure;

namespace Orleans.Streaming.RabbitMQ.Tests;

/// <summary>One two-silo cluster for the publishing tests; each test publishes on exchanges of its own.</summary>
public sealed class PublishingClusterFixture : IAsyncLifetime
{
    private StreamCluster? _cluster;

    /// <summary>An exchange named in the options, so declared when the provider connects.</summary>
    public string DeclaredExchange { get; } = $"rmqtest.declared.{Guid.NewGuid():N}";

    public StreamCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster is not deployed.");

    public async Task InitializeAsync() =>
        _cluster = await StreamCluster.StartAsync(s => (s.QueueCount, s.Exchanges) = (4, DeclaredExchange));

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}

public sealed class PublishingTests(PublishingClusterFixture fixture) : IClassFixture<PublishingClusterFixture>
{
    private StreamCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task The_provider_declares_its_exchanges_and_one_durable_queue_per_partition_each_read_by_one_silo()
    {
        Assert.True(await Cluster.Amqp.ExchangeExistsAsync(fixture.DeclaredExchange), "the exchange named in the options exists");
        Assert.True(await Cluster.Amqp.ExchangeExistsAsync(Cluster.PartitionExchange), "the partitions exchange exists");
        Assert.NotNull(await Cluster.Amqp.QueueStateAsync(Cluster.DeadLetterQueue));

        // Every partition queue has exactly one consumer: the pulling agent of the silo that owns it.
        foreach (var queue in Cluster.ProviderQueues)
        {
            var state = await Eventually.Until(
                $"one consumer on {queue}",
                () => Cluster.Amqp.QueueStateAsync(queue),
                s => s is { ConsumerCount: 1 });
            Assert.Equal(1u, state!.ConsumerCount);
        }
    }

    [Fact]
    public async Task An_event_goes_to_the_exchange_of_its_namespace_with_its_key_as_routing_key_persistent_and_a_plain_AMQP_program_reads_it()
    {
        var exchange = Cluster.NewExchange("publish");
        var key = $"orders.eu.{Guid.NewGuid():N}";

        // A program that knows nothing of Orleans binds a queue of its own to the exchange.
        await Cluster.Amqp.DeclareExchangeAsync(exchange);
        var ownQueue = await Cluster.Amqp.BindOwnQueueAsync(exchange, "orders.#");

        var fromGrain = new TestEvent($"grain-{Guid.NewGuid():N}");
        var fromClient = new TestEvent($"client-{Guid.NewGuid():N}");
        await Cluster.Producer().PublishAsync(exchange, key, fromGrain);
        await Cluster.ClientStream(exchange, key).OnNextAsync(fromClient);

        var read = new List<AmqpMessage>();
        await Eventually.Until("both events in the plain consumer's queue", async () =>
        {
            read.AddRange(await Cluster.Amqp.TakeAllAsync(ownQueue));
            return read.Count;
        }, n => n >= 2);

        Assert.Equal(2, read.Count);
        var partition = Cluster.QueueOf(exchange, key).ToString(CultureInfo.InvariantCulture);
        Assert.All(read, message =>
        {
            Assert.Equal(exchange, message.Exchange);
            Assert.Equal(key, message.RoutingKey);
            Assert.True(message.Properties.Persistent, "the message is persistent");
            Assert.Equal("application/x-orleans-binary", message.Properties.ContentType);
            Assert.Equal(partition, message.Header("x-orleans-partition"));
            Assert.NotEmpty(message.Body);
        });

        // And the cluster's own consumer gets both, through the provider's queue.
        var handled = await Eventually.Until(
            "both events handled by the consumer grain",
            () => ConsumerLedger.HandledOn(key),
            h => h.Count >= 2);
        Assert.Contains(handled, h => h.EventId == fromGrain.Id);
        Assert.Contains(handled, h => h.EventId == fromClient.Id);
    }

    [Fact]
    public async Task A_stream_without_a_namespace_is_refused_instead_of_being_confirmed_where_no_queue_gets_it()
    {
        // The namespace names the exchange: without one, the message would go to the default exchange, be
        // confirmed, and reach neither the provider's queues nor anyone else.
        var stream = Cluster.Client.GetStreamProvider(StreamCluster.ProviderName)
            .GetStream<TestEvent>(StreamId.Create((string?)null, $"no-namespace-{Guid.NewGuid():N}"));

        var failure = await Assert.ThrowsAnyAsync<ArgumentException>(() => stream.OnNextAsync(new TestEvent($"lost-{Guid.NewGuid():N}")));

        Assert.Contains("namespace", failure.Message);
    }
}

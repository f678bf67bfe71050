using System.Text;
using Orleans.Streaming.RabbitMQ.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Orleans.Streaming.RabbitMQ.Tests;

/// <summary>
/// One two-silo cluster for the consuming tests: subscribers that fail are retried every 50–200 ms and given up
/// on after 2 s. Each test uses exchanges and stream keys of its own, and finds its dead letters by exchange.
/// </summary>
public sealed class DeliveryClusterFixture : IAsyncLifetime
{
    private StreamCluster? _cluster;

    /// <summary>An exchange bound to the provider from start-up, for raw messages published by the tests.</summary>
    public string RawExchange { get; } = $"rmqtest.raw.{Guid.NewGuid():N}";

    public StreamCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster is not deployed.");

    public async Task InitializeAsync() =>
        _cluster = await StreamCluster.StartAsync(s =>
        {
            s.QueueCount = 4;
            s.Exchanges = RawExchange;
            s.RetryFirstDelay = TimeSpan.FromMilliseconds(50);
            s.RetryMaxDelay = TimeSpan.FromMilliseconds(200);
            s.GiveUpAfter = TimeSpan.FromSeconds(2);
        });

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}

public sealed class DeliveryTests(DeliveryClusterFixture fixture, ITestOutputHelper output) : IClassFixture<DeliveryClusterFixture>
{
    private StreamCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task Every_event_published_reaches_its_consumer_grain()
    {
        var exchange = Cluster.NewExchange("bulk");
        var keys = Enumerable.Range(0, 12).Select(i => $"bulk-{i}-{Guid.NewGuid():N}").ToArray();
        var published = new List<string>();
        var publishing = new List<Task>();
        for (var i = 0; i < 240; i++)
        {
            var item = new TestEvent($"bulk-{i}-{Guid.NewGuid():N}");
            published.Add(item.Id);
            var key = keys[i % keys.Length];
            publishing.Add(i % 2 == 0 ? Cluster.ClientStream(exchange, key).OnNextAsync(item) : Cluster.Producer(key).PublishAsync(exchange, key, item));
        }

        // Each publish completed: the broker confirmed it.
        await Task.WhenAll(publishing);

        var handled = await Eventually.Until(
            "all 240 events handled",
            () => ConsumerLedger.HandledOn(keys).Select(h => h.EventId).ToHashSet(),
            ids => ids.IsSupersetOf(published));
        Assert.Superset(published.ToHashSet(), handled);
        await AssertQueuesDrainedAsync(keys.Select(k => Cluster.QueueOf(exchange, k)));
    }

    [Fact]
    public async Task A_message_is_acknowledged_only_after_its_subscriber_handled_it()
    {
        var exchange = Cluster.NewExchange("ack");
        var key = $"ack-{Guid.NewGuid():N}";
        var queue = Cluster.QueueName(Cluster.QueueOf(exchange, key));
        var blocking = new TestEvent($"block-{Guid.NewGuid():N}", Behavior.BlockUntilReleased);
        try
        {
            await Cluster.Producer().PublishAsync(exchange, key, blocking);
            await Eventually.Until("the consumer to start on the event", () => ConsumerLedger.EnteredOn(blocking.Id), silo => silo is not null);

            // The subscriber is busy with the message: the broker still holds it, delivered but not acknowledged.
            var whileBlocked = await Cluster.Node.QueueAsync(queue);
            output.WriteLine($"{queue} while the subscriber is blocked: {whileBlocked}");
            Assert.Equal(new QueueCounts(Ready: 0, Unacknowledged: 1, Consumers: 1), whileBlocked);
            Assert.Empty(ConsumerLedger.HandledOn(key));
        }
        finally
        {
            ConsumerLedger.Release(blocking.Id);
        }

        await Eventually.Until("the event handled", () => ConsumerLedger.HandledOn(key), h => h.Count == 1);
        var afterwards = await Eventually.Until(
            $"{queue} to have nothing left unacknowledged",
            () => Cluster.Node.QueueAsync(queue),
            c => c.Unacknowledged == 0,
            deadline: TimeSpan.FromSeconds(20));
        output.WriteLine($"{queue} after it was released: {afterwards}");
        Assert.Equal(new QueueCounts(Ready: 0, Unacknowledged: 0, Consumers: 1), afterwards);
        Assert.Equal(1, ConsumerLedger.AttemptsOf(blocking.Id));
    }

    [Fact]
    public async Task A_subscriber_that_fails_a_few_times_gets_the_message_again_with_backoff_and_handles_it()
    {
        var exchange = Cluster.NewExchange("flaky");
        var key = $"flaky-{Guid.NewGuid():N}";
        var flaky = new TestEvent($"flaky-{Guid.NewGuid():N}", Behavior.FailThenHandle, Failures: 3);

        await Cluster.Producer().PublishAsync(exchange, key, flaky);

        var handled = await Eventually.Until("the event handled after its failures", () => ConsumerLedger.HandledOn(key), h => h.Count >= 1);
        Assert.Equal(flaky.Id, Assert.Single(handled).EventId);
        Assert.Equal(4, ConsumerLedger.AttemptsOf(flaky.Id));
        await AssertQueuesDrainedAsync([Cluster.QueueOf(exchange, key)]);
        Assert.Empty(await Cluster.DeadLettersOfAsync(exchange));
    }

    [Fact]
    public async Task A_subscriber_that_always_fails_sends_the_message_to_the_dead_letter_queue_and_later_messages_still_flow()
    {
        var exchange = Cluster.NewExchange("poison");
        var key = $"poison-{Guid.NewGuid():N}";
        var poison = new TestEvent($"poison-{Guid.NewGuid():N}", Behavior.AlwaysFail);
        var later = new TestEvent($"later-{Guid.NewGuid():N}");

        await Cluster.Producer().PublishAsync(exchange, key, poison);
        await Cluster.Producer().PublishAsync(exchange, key, later);

        var deadLetter = Assert.Single(await Eventually.Until(
            "the poison message in the dead-letter queue",
            () => Cluster.DeadLettersOfAsync(exchange),
            d => d.Count >= 1));
        Assert.Equal("delivery-failed", deadLetter.Header("x-orleans-failure"));
        Assert.False(string.IsNullOrWhiteSpace(deadLetter.Header("x-orleans-error")));
        Assert.Contains(key, deadLetter.Header("x-orleans-error"));
        Assert.Equal(key, deadLetter.Header("x-original-routing-key"));
        Assert.Equal("application/x-orleans-binary", deadLetter.Properties.ContentType);
        Assert.True(deadLetter.Properties.Persistent);
        Assert.True(ConsumerLedger.AttemptsOf(poison.Id) > 1, "the failing subscriber was retried before it was given up on");

        // The stream goes on: the next event on it is handled, and the queue is left with nothing.
        await Eventually.Until("the later event handled", () => ConsumerLedger.HandledOn(key), h => h.Any(x => x.EventId == later.Id));
        Assert.DoesNotContain(ConsumerLedger.HandledOn(key), h => h.EventId == poison.Id);
        await AssertQueuesDrainedAsync([Cluster.QueueOf(exchange, key)]);
        Assert.Single(await Cluster.DeadLettersOfAsync(exchange));
    }

    [Fact]
    public async Task A_message_that_cannot_be_read_goes_to_the_dead_letter_queue_at_once_and_its_queue_goes_on()
    {
        var exchange = fixture.RawExchange;
        var garbageKey = $"garbage-{Guid.NewGuid():N}";
        var garbage = Encoding.UTF8.GetBytes("this is not an Orleans message \u0000\u0001\u0002");

        // A program outside Orleans publishes to the exchange with the header that routes to partition 0.
        await Cluster.Amqp.PublishRawAsync(exchange, garbageKey, garbage, new Dictionary<string, object?> { ["x-orleans-partition"] = "0" });

        var deadLetter = Assert.Single(await Eventually.Until(
            "the unreadable message in the dead-letter queue",
            async () => (await Cluster.DeadLettersOfAsync(exchange)).Where(m => m.Header("x-original-routing-key") == garbageKey).ToList(),
            d => d.Count >= 1,
            deadline: TimeSpan.FromSeconds(10)));
        Assert.Equal("unreadable", deadLetter.Header("x-orleans-failure"));
        Assert.False(string.IsNullOrWhiteSpace(deadLetter.Header("x-orleans-error")));
        Assert.Equal(exchange, deadLetter.Header("x-original-exchange"));
        Assert.Equal(Cluster.QueueName(0), deadLetter.Header("x-original-queue"));
        Assert.Equal(garbage, deadLetter.Body);
        Assert.False(deadLetter.Redelivered);

        // Partition 0 is not stuck behind it: a good event on a stream of that queue is handled.
        var key = Cluster.KeyOnQueue(exchange, 0, "after-garbage");
        var good = new TestEvent($"good-{Guid.NewGuid():N}");
        await Cluster.Producer().PublishAsync(exchange, key, good);
        await Eventually.Until("the good event handled", () => ConsumerLedger.HandledOn(key), h => h.Any(x => x.EventId == good.Id));
        await AssertQueuesDrainedAsync([0]);
    }

    /// <summary>The queues end with nothing ready and nothing unacknowledged: every message was acked.</summary>
    private async Task AssertQueuesDrainedAsync(IEnumerable<int> partitions)
    {
        var queues = partitions.Distinct().Select(Cluster.QueueName).ToHashSet();
        var counts = await Eventually.Until(
            $"{string.Join(", ", queues)} drained",
            async () => (await Cluster.Node.ListQueuesAsync(Cluster.Prefix)).Where(q => queues.Contains(q.Key)).ToList(),
            list => list.Count == queues.Count && list.All(q => q.Value is { Ready: 0, Unacknowledged: 0 }),
            deadline: TimeSpan.FromSeconds(20));
        Assert.All(counts, q => Assert.Equal(1, q.Value.Consumers));
    }
}

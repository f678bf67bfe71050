using Orleans.Streaming.RabbitMQ.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Orleans.Streaming.RabbitMQ.Tests;

/// <summary>
/// How the provider's queues follow the silos. Each test starts a cluster of its own, since it stops or kills a
/// silo. With 16 queues the consistent ring gives each of two silos some (it could give one silo all of 4).
/// </summary>
public sealed class SiloMembershipTests(ITestOutputHelper output)
{
    private const int QueueCount = 16;
    private static readonly TimeSpan MembershipDeadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_queues_are_spread_over_both_silos_and_move_to_the_other_silo_when_one_leaves()
    {
        await using var cluster = await StreamCluster.StartAsync(s => s.QueueCount = QueueCount);

        // Each silo's pulling agents own some of the queues...
        var agents = await Eventually.Until(
            "both silos to run agents for the queues between them",
            cluster.RunningAgentsPerSiloAsync,
            a => a.Length == 2 && a.All(n => n > 0) && a.Sum() == QueueCount,
            MembershipDeadline);
        Assert.Equal(QueueCount, agents.Sum());

        // ...and on the broker each queue has one consumer, on one of two connections: one per silo.
        var before = await cluster.Node.ConsumingConnectionsAsync(cluster.Prefix);
        Assert.Equal(cluster.ProviderQueues.ToHashSet(), before.Keys.ToHashSet());
        var connections = before.Values.Distinct().ToList();
        Assert.Equal(2, connections.Count);
        Assert.Equal(agents.Order(), connections.Select(c => before.Values.Count(v => v == c)).Order());

        var exchange = cluster.NewExchange("spread");
        var first = await PublishOnEveryQueueAsync(cluster, exchange, "before");
        await Eventually.Until(
            "the events on every queue handled",
            () => ConsumerLedger.HandledOn(first.Keys),
            h => h.Select(x => x.EventId).ToHashSet().IsSupersetOf(first.Values));

        // A silo leaves: the other takes over all its queues, on the connection it already had.
        await cluster.Cluster.StopSiloAsync(cluster.Cluster.SecondarySilos[0]);
        var remaining = await Eventually.Until("the remaining silo to run every agent", cluster.RunningAgentsPerSiloAsync, a => a is [QueueCount], MembershipDeadline);
        Assert.Equal([QueueCount], remaining);
        var after = await Eventually.Until(
            "every queue consumed on one connection",
            () => cluster.Node.ConsumingConnectionsAsync(cluster.Prefix),
            c => c.Count == QueueCount && c.Values.Distinct().Count() == 1,
            MembershipDeadline);
        Assert.Contains(after.Values.First(), connections);

        var second = await PublishOnEveryQueueAsync(cluster, exchange, "after");
        var handled = await Eventually.Until(
            "the events on every queue handled by the remaining silo",
            () => ConsumerLedger.HandledOn(second.Keys),
            h => h.Select(x => x.EventId).ToHashSet().IsSupersetOf(second.Values));
        Assert.All(handled, h => Assert.Equal(cluster.Cluster.Primary!.SiloAddress.ToString(), h.Silo));
        Assert.Empty(await cluster.DeadLettersOfAsync(exchange));
    }

    [Fact]
    public async Task Consumers_that_stay_active_get_every_event_after_their_queue_moves_to_a_new_silo()
    {
        // Scaling out: the queues that move to the new silo are read there, and its agents deliver to consumers that
        // stay active on the first silo, on streams the first silo's agents had already registered and served.
        await using var cluster = await StreamCluster.StartAsync(s => s.QueueCount = QueueCount, silos: 1);
        await Eventually.Until("the silo to run every agent", cluster.RunningAgentsPerSiloAsync, a => a is [QueueCount], MembershipDeadline);

        // Every consumer is activated on the first silo, and each queue's reader numbers a few dozen messages.
        var exchange = cluster.NewExchange("resume");
        var keys = Enumerable.Range(0, QueueCount).SelectMany(q => Enumerable.Range(0, 4).Select(i => cluster.KeyOnQueue(exchange, q, $"s{i}"))).ToList();
        var before = await PublishRoundsAsync(cluster, exchange, keys, "before", rounds: 6);
        await Eventually.Until(
            "the first events handled",
            () => ConsumerLedger.HandledOn(keys).Select(h => h.EventId).ToHashSet(),
            ids => ids.IsSupersetOf(before));
        var first = cluster.Cluster.Primary!.SiloAddress.ToString();
        Assert.All(ConsumerLedger.HandledOn(keys), h => Assert.Equal(first, h.Silo));

        // A silo joins and takes over some of the queues, while the consumers stay active on the first silo.
        await cluster.Cluster.StartAdditionalSiloAsync();
        await Eventually.Until(
            "both silos to run agents",
            cluster.RunningAgentsPerSiloAsync,
            a => a.Length == 2 && a.All(n => n > 0) && a.Sum() == QueueCount,
            MembershipDeadline);
        await Eventually.Until(
            "the queues consumed over two connections",
            () => cluster.Node.ConsumingConnectionsAsync(cluster.Prefix),
            c => c.Count == QueueCount && c.Values.Distinct().Count() == 2,
            MembershipDeadline);

        var after = await PublishRoundsAsync(cluster, exchange, keys, "after", rounds: 3);
        await Eventually.Until(
            $"all {after.Count} later events handled",
            () => ConsumerLedger.HandledOn(keys).Select(h => h.EventId).ToHashSet(),
            ids => ids.IsSupersetOf(after),
            MembershipDeadline);

        // Handled by the consumers that stayed active on the first silo, also for the queues the new silo now reads.
        var later = after.ToHashSet();
        Assert.All(ConsumerLedger.HandledOn(keys).Where(h => later.Contains(h.EventId)), h => Assert.Equal(first, h.Silo));
        Assert.Empty(await cluster.DeadLettersOfAsync(exchange));
    }

    [Fact]
    public async Task Messages_a_killed_silo_held_unacknowledged_are_delivered_through_the_other_silo_and_nothing_is_lost()
    {
        // Until the killed silo is declared dead, calls to consumer grains that lived there fail: the agents keep
        // retrying them (as the app does, for 30 s) rather than giving the messages up to the dead-letter queue.
        await using var cluster = await StreamCluster.StartAsync(s => (s.QueueCount, s.GiveUpAfter, s.RetryMaxDelay) = (QueueCount, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1)));
        await Eventually.Until(
            "both silos to run agents",
            cluster.RunningAgentsPerSiloAsync,
            a => a.Length == 2 && a.All(n => n > 0) && a.Sum() == QueueCount,
            MembershipDeadline);

        var exchange = cluster.NewExchange("kill");
        var victim = cluster.Cluster.SecondarySilos[0];
        var survivor = cluster.Cluster.Primary!.SiloAddress.ToString();

        // One event per queue whose consumer blocks: each queue's silo holds its message delivered but unacknowledged.
        var blocked = await PublishOnEveryQueueAsync(cluster, exchange, "blocked", Behavior.BlockUntilReleased);
        await Eventually.Until(
            "a consumer to start on every blocking event",
            () => blocked.Values.Count(id => ConsumerLedger.EnteredOn(id) is not null),
            n => n == blocked.Count);
        var unacked = await cluster.Node.ListQueuesAsync(cluster.Prefix);
        Assert.All(cluster.ProviderQueues, q => Assert.Equal(1, unacked[q].Unacknowledged));
        var ownersBefore = await cluster.Node.ConsumingConnectionsAsync(cluster.Prefix);

        // Events keep flowing from the client while the silo is killed.
        using var stop = new CancellationTokenSource();
        var streaming = PublishContinuously(cluster, exchange, stop.Token);
        await Eventually.Until("some streamed events handled", () => ConsumerLedger.HandledOn(streaming.Keys).Count, n => n >= 20);

        await cluster.Cluster.KillSiloAsync(victim);
        foreach (var id in blocked.Values)
        {
            ConsumerLedger.Release(id);
        }

        await Eventually.Until("the survivor to run every agent", cluster.RunningAgentsPerSiloAsync, a => a is [QueueCount], MembershipDeadline);
        var ownersAfter = await Eventually.Until(
            "every queue consumed by the survivor",
            () => cluster.Node.ConsumingConnectionsAsync(cluster.Prefix),
            c => c.Count == QueueCount && c.Values.Distinct().Count() == 1,
            MembershipDeadline);

        // The queues whose consumer moved were the killed silo's: their blocked messages, unacknowledged when it
        // died, are delivered again, through the survivor, and handled there.
        var victimQueues = ownersBefore.Where(o => o.Value != ownersAfter[o.Key]).Select(o => o.Key).ToHashSet();
        Assert.NotEmpty(victimQueues);
        Assert.NotEqual(QueueCount, victimQueues.Count);
        var redelivered = blocked.Where(b => victimQueues.Contains(cluster.QueueName(cluster.QueueOf(exchange, b.Key)))).ToList();
        await Eventually.Until(
            $"the {redelivered.Count} messages the killed silo held delivered again and handled on the survivor",
            () => redelivered.Count(b => ConsumerLedger.AttemptsOf(b.Value) >= 2 && ConsumerLedger.HandledOn(b.Key).Any(h => h.EventId == b.Value && h.Silo == survivor)),
            n => n == redelivered.Count,
            MembershipDeadline);

        await Eventually.Until(
            "more streamed events handled after the kill",
            () => ConsumerLedger.HandledOn(streaming.Keys).Count(h => h.Silo == survivor),
            n => n >= 40);
        await stop.CancelAsync();
        var published = await streaming.Published;

        // Nothing is lost: every streamed event and every blocking event is handled, repeats allowed.
        var handled = await Eventually.Until(
            $"all {published.Count} streamed events handled",
            () => ConsumerLedger.HandledOn(streaming.Keys).Select(h => h.EventId).ToHashSet(),
            ids => ids.IsSupersetOf(published),
            MembershipDeadline);
        Assert.Superset(published.ToHashSet(), handled);
        await Eventually.Until("every blocking event handled", () => ConsumerLedger.HandledOn(blocked.Keys).Select(h => h.EventId).ToHashSet(), ids => ids.IsSupersetOf(blocked.Values));

        Assert.Empty(await cluster.DeadLettersOfAsync(exchange));

        var all = ConsumerLedger.HandledOn(streaming.Keys);
        output.WriteLine(
            $"{victimQueues.Count} of {QueueCount} queues were the killed silo's; {redelivered.Count} unacknowledged messages were delivered again through the survivor. "
            + $"{published.Count} events streamed, {all.Count} deliveries ({all.Count - handled.Count} repeats).");
    }

    /// <summary>One event on a stream of each of the provider's queues; returns stream key → event id.</summary>
    private static async Task<Dictionary<string, string>> PublishOnEveryQueueAsync(StreamCluster cluster, string exchange, string stem, Behavior behavior = Behavior.Handle)
    {
        var events = new Dictionary<string, string>();
        for (var queue = 0; queue < cluster.Settings.QueueCount; queue++)
        {
            var key = cluster.KeyOnQueue(exchange, queue, stem);
            var item = new TestEvent($"{stem}-{queue}-{Guid.NewGuid():N}", behavior);
            await cluster.ClientStream(exchange, key).OnNextAsync(item);
            events[key] = item.Id;
        }

        return events;
    }

    /// <summary>Publishes <paramref name="rounds"/> events on each stream in turn; returns their ids.</summary>
    private static async Task<List<string>> PublishRoundsAsync(StreamCluster cluster, string exchange, IReadOnlyList<string> keys, string stem, int rounds)
    {
        var ids = new List<string>();
        for (var round = 0; round < rounds; round++)
        {
            foreach (var key in keys)
            {
                var item = new TestEvent($"{stem}-{round}-{Guid.NewGuid():N}", Behavior.Handle);
                await cluster.ClientStream(exchange, key).OnNextAsync(item);
                ids.Add(item.Id);
            }
        }

        return ids;
    }

    /// <summary>Publishes from the cluster client on 16 streams until stopped, retrying each event until the broker confirms it.</summary>
    private static StreamingPublisher PublishContinuously(StreamCluster cluster, string exchange, CancellationToken stop)
    {
        var keys = Enumerable.Range(0, 16).Select(i => $"stream-{i}-{Guid.NewGuid():N}").ToArray();
        return new StreamingPublisher(keys, Task.Run(Run));

        async Task<IReadOnlyList<string>> Run()
        {
            var published = new List<string>();
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var item = new TestEvent($"streamed-{i}-{Guid.NewGuid():N}", Behavior.Slow, Failures: 5);
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        await cluster.ClientStream(exchange, keys[i % keys.Length]).OnNextAsync(item);
                        break;
                    }
                    catch (RabbitMqStreamException) when (attempt < 100)
                    {
                        await Task.Delay(100);
                    }
                }

                published.Add(item.Id);
                await Task.Delay(10);
            }

            return published;
        }
    }

    private sealed record StreamingPublisher(IReadOnlyList<string> Keys, Task<IReadOnlyList<string>> Published);
}

using Orleans.Streaming.RabbitMQ.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Orleans.Streaming.RabbitMQ.Tests;

/// <summary>How the provider's queues follow the silos: each test starts a cluster of its own, since it stops or kills a silo.</summary>
public sealed class SiloMembershipTests(ITestOutputHelper output)
{
    private static readonly TimeSpan MembershipDeadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_queues_are_spread_over_both_silos_and_move_to_the_other_silo_when_one_leaves()
    {
        await using var cluster = await StreamCluster.StartAsync(s => s.QueueCount = 8);

        // Each silo's pulling agents own some of the queues, and each queue has one consumer on the broker.
        var agents = await Eventually.Until(
            "both silos to run agents for the 8 queues between them",
            cluster.RunningAgentsPerSiloAsync,
            a => a.Length == 2 && a.All(n => n > 0) && a.Sum() == 8,
            MembershipDeadline);
        Assert.Equal(8, agents.Sum());
        await AssertOneConsumerPerQueueAsync(cluster);

        // Events on streams of every queue are handled, on both silos.
        var exchange = cluster.NewExchange("spread");
        var before = await PublishOnEveryQueueAsync(cluster, exchange, "before");
        var handledBefore = await Eventually.Until(
            "the events on every queue handled",
            () => ConsumerLedger.HandledOn(before.Keys),
            h => h.Select(x => x.EventId).ToHashSet().IsSupersetOf(before.Values));
        Assert.Equal(2, handledBefore.Select(h => h.Silo).Distinct().Count());

        // A silo leaves: the other takes over all its queues.
        var leaving = cluster.Cluster.SecondarySilos[0];
        await cluster.Cluster.StopSiloAsync(leaving);
        var remaining = await Eventually.Until(
            "the remaining silo to run all 8 agents",
            cluster.RunningAgentsPerSiloAsync,
            a => a is [8],
            MembershipDeadline);
        Assert.Equal([8], remaining);
        await AssertOneConsumerPerQueueAsync(cluster);

        var after = await PublishOnEveryQueueAsync(cluster, exchange, "after");
        var handledAfter = await Eventually.Until(
            "the events on every queue handled by the remaining silo",
            () => ConsumerLedger.HandledOn(after.Keys),
            h => h.Select(x => x.EventId).ToHashSet().IsSupersetOf(after.Values));
        Assert.All(handledAfter, h => Assert.Equal(cluster.Cluster.Primary!.SiloAddress.ToString(), h.Silo));
    }

    [Fact]
    public async Task Messages_a_killed_silo_held_unacknowledged_are_delivered_through_the_other_silo_and_nothing_is_lost()
    {
        await using var cluster = await StreamCluster.StartAsync(s => s.QueueCount = 8);
        await Eventually.Until(
            "both silos to run agents",
            cluster.RunningAgentsPerSiloAsync,
            a => a.Length == 2 && a.All(n => n > 0) && a.Sum() == 8,
            MembershipDeadline);

        var exchange = cluster.NewExchange("kill");
        var victim = cluster.Cluster.SecondarySilos[0];
        var victimName = victim.SiloAddress.ToString();

        // One blocking event per queue: the consumers of the queues the victim owns are stuck in them when it dies,
        // so their messages are delivered but unacknowledged on the victim's connection.
        var blocked = await PublishOnEveryQueueAsync(cluster, exchange, "blocked", Behavior.BlockUntilReleased);
        await Eventually.Until(
            "a consumer to start on every blocking event",
            () => blocked.Values.Count(id => ConsumerLedger.EnteredOn(id) is not null),
            n => n == blocked.Count);
        var stuckOnVictim = blocked.Values.Where(id => ConsumerLedger.EnteredOn(id) == victimName).ToList();
        Assert.NotEmpty(stuckOnVictim);

        // Events keep flowing from the client while the silo is killed.
        using var stop = new CancellationTokenSource();
        var streaming = PublishContinuouslyAsync(cluster, exchange, stop.Token);
        await Eventually.Until("some streamed events handled", () => ConsumerLedger.HandledOn(streaming.Keys).Count, n => n >= 20);

        await cluster.Cluster.KillSiloAsync(victim);
        foreach (var id in blocked.Values)
        {
            ConsumerLedger.Release(id);
        }

        await Eventually.Until("the survivor to run all 8 agents", cluster.RunningAgentsPerSiloAsync, a => a is [8], MembershipDeadline);
        await Eventually.Until("more streamed events handled after the kill", () => ConsumerLedger.HandledOn(streaming.Keys).Count(h => h.Silo != victimName), n => n >= 20);
        await stop.CancelAsync();
        var published = await streaming.Published;

        // Nothing is lost: every streamed event and every blocking event is handled, repeats allowed.
        var survivor = cluster.Cluster.Primary!.SiloAddress.ToString();
        var handled = await Eventually.Until(
            $"all {published.Count} streamed events handled",
            () => ConsumerLedger.HandledOn(streaming.Keys).Select(h => h.EventId).ToHashSet(),
            ids => ids.IsSupersetOf(published),
            MembershipDeadline);
        Assert.Superset(published.ToHashSet(), handled);
        var blockedHandled = await Eventually.Until(
            "the events stuck on the killed silo handled by the survivor",
            () => ConsumerLedger.HandledOn(blocked.Keys),
            h => stuckOnVictim.All(id => h.Any(x => x.EventId == id && x.Silo == survivor)),
            MembershipDeadline);
        Assert.All(blocked.Values, id => Assert.Contains(blockedHandled, h => h.EventId == id));
        var all = ConsumerLedger.HandledOn(streaming.Keys);
        output.WriteLine(
            $"{published.Count} events streamed, {all.Count} deliveries ({all.Count - all.Select(h => h.EventId).Distinct().Count()} repeats), "
            + $"{all.Count(h => h.Silo == victimName)} handled on the killed silo; {stuckOnVictim.Count} blocked events moved from it to the survivor.");
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

    private static async Task AssertOneConsumerPerQueueAsync(StreamCluster cluster)
    {
        foreach (var queue in cluster.ProviderQueues)
        {
            await Eventually.Until($"one consumer on {queue}", () => cluster.Amqp.QueueStateAsync(queue), s => s is { ConsumerCount: 1 }, MembershipDeadline);
        }
    }

    /// <summary>Publishes from the cluster client on 16 streams until stopped, retrying each event until the broker confirms it.</summary>
    private static StreamingPublisher PublishContinuouslyAsync(StreamCluster cluster, string exchange, CancellationToken stop)
    {
        var keys = Enumerable.Range(0, 16).Select(i => $"stream-{i}-{Guid.NewGuid():N}").ToArray();
        return new StreamingPublisher(keys, Run());

        async Task<IReadOnlyList<string>> Run()
        {
            var published = new List<string>();
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var item = new TestEvent($"streamed-{i}-{Guid.NewGuid():N}", Behavior.Slow, Failures: 5);
                await PublishUntilConfirmedAsync(() => cluster.ClientStream(exchange, keys[i % keys.Length]).OnNextAsync(item));
                published.Add(item.Id);
                await Task.Delay(10, CancellationToken.None);
            }

            return published;
        }
    }

    internal static async Task PublishUntilConfirmedAsync(Func<Task> publish)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await publish();
                return;
            }
            catch (Exception) when (attempt < 600)
            {
                await Task.Delay(100);
            }
        }
    }

    private sealed record StreamingPublisher(IReadOnlyList<string> Keys, Task<IReadOnlyList<string>> Published);
}

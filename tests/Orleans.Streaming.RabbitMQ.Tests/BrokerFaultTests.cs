using System.Collections.Concurrent;
using Orleans.Streaming.RabbitMQ.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Orleans.Streaming.RabbitMQ.Tests;

/// <summary>
/// A rabbitmq-server node of these tests' own, started through <c>scripts/services.sh</c> on free ports in a
/// temporary folder, so stopping and starting it disturbs no other test assembly using the shared broker.
/// </summary>
public sealed class DedicatedBrokerFixture : IAsyncLifetime
{
    private RabbitMqNode? _node;

    public RabbitMqNode Node => _node ?? throw new InvalidOperationException("The dedicated broker did not start.");

    public async Task InitializeAsync() => _node = await RabbitMqNode.StartDedicatedAsync();

    public async Task DisposeAsync()
    {
        if (_node is not null)
        {
            await _node.StopAsync();
        }
    }
}

public sealed class BrokerFaultTests(DedicatedBrokerFixture broker, ITestOutputHelper output) : IClassFixture<DedicatedBrokerFixture>
{
    private static readonly TimeSpan RecoveryDeadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task After_a_broker_restart_the_provider_reconnects_by_itself_and_nothing_published_before_or_during_it_is_lost()
    {
        await using var cluster = await StreamCluster.StartAsync(s => s.QueueCount = 4, node: broker.Node);
        var exchange = cluster.NewExchange("restart");
        var keys = Enumerable.Range(0, 8).Select(i => $"restart-{i}-{Guid.NewGuid():N}").ToArray();
        var published = new ConcurrentQueue<string>();
        var failures = new ConcurrentQueue<Exception>();
        using var stop = new CancellationTokenSource();

        // A producer that retries each event until the broker confirmed it, as the app's outbox does.
        var producer = Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var item = new TestEvent($"restart-{i}-{Guid.NewGuid():N}");
                while (true)
                {
                    try
                    {
                        await cluster.ClientStream(exchange, keys[i % keys.Length]).OnNextAsync(item);
                        published.Enqueue(item.Id);
                        break;
                    }
                    catch (Exception ex)
                    {
                        failures.Enqueue(ex);
                        await Task.Delay(50);
                    }
                }

                await Task.Delay(10);
            }
        });

        try
        {
            await Eventually.Until("events flowing before the restart", () => ConsumerLedger.HandledOn(keys).Count, n => n >= 30);

            await broker.Node.StopAppAsync();
            await Eventually.Until("publishes to fail while the broker is down", () => failures.Count, n => n >= 5);
            var publishedDuringOutage = published.Count;
            await broker.Node.StartAppAsync();

            // The provider reconnects by itself: publishing resumes, and the consumers get new events again.
            await Eventually.Until("publishing to resume", () => published.Count, n => n >= publishedDuringOutage + 30, RecoveryDeadline);
            var handledAtRestart = ConsumerLedger.HandledOn(keys).Count;
            await Eventually.Until("consumers to resume", () => ConsumerLedger.HandledOn(keys).Count, n => n >= handledAtRestart + 30, RecoveryDeadline);
        }
        finally
        {
            await stop.CancelAsync();
            await producer;
        }

        var expected = published.ToHashSet();
        var handled = await Eventually.Until(
            $"all {expected.Count} confirmed events handled",
            () => ConsumerLedger.HandledOn(keys).Select(h => h.EventId).ToHashSet(),
            ids => ids.IsSupersetOf(expected),
            RecoveryDeadline);
        Assert.Superset(expected, handled);
        var deliveries = ConsumerLedger.HandledOn(keys);
        output.WriteLine(
            $"{expected.Count} events confirmed ({failures.Count} failed attempts retried during the outage), "
            + $"{deliveries.Count} deliveries, {deliveries.Count - handled.Count} repeats.");

        // The failures the producer saw were the provider's own exception, never a RabbitMQ.Client one.
        Assert.NotEmpty(failures);
        Assert.All(failures, AssertNoRabbitMqClientType);
        Assert.All(failures, ex => Assert.IsType<RabbitMqStreamException>(ex));
    }

    [Fact]
    public async Task A_grain_that_publishes_while_the_broker_is_down_gets_a_RabbitMqStreamException_and_no_RabbitMQ_Client_type()
    {
        await using var cluster = await StreamCluster.StartAsync(s => s.QueueCount = 2, node: broker.Node);
        var exchange = cluster.NewExchange("down");
        var key = $"down-{Guid.NewGuid():N}";
        var producer = cluster.Producer();
        await producer.PublishAsync(exchange, key, new TestEvent($"before-{Guid.NewGuid():N}"));

        Exception failure;
        await broker.Node.StopAppAsync();
        try
        {
            failure = await Assert.ThrowsAnyAsync<Exception>(() => producer.PublishAsync(exchange, key, new TestEvent($"during-{Guid.NewGuid():N}")));
        }
        finally
        {
            await broker.Node.StartAppAsync();
        }

        AssertNoRabbitMqClientType(failure);
        var streamException = failure as RabbitMqStreamException ?? Assert.IsType<RabbitMqStreamException>(failure.InnerException);
        Assert.Contains("RabbitMQ", streamException.Message);

        // Once the broker is back, the same grain publishes again without anyone restarting anything.
        var after = new TestEvent($"after-{Guid.NewGuid():N}");
        await Eventually.Until("a publish to succeed again", async () =>
        {
            await producer.PublishAsync(exchange, key, after);
            return true;
        }, ok => ok, RecoveryDeadline);
        await Eventually.Until("the event published after the outage handled", () => ConsumerLedger.HandledOn(key), h => h.Any(x => x.EventId == after.Id), RecoveryDeadline);
    }

    /// <summary>No exception in the chain is a type of the RabbitMQ.Client assembly.</summary>
    internal static void AssertNoRabbitMqClientType(Exception exception)
    {
        var clientAssembly = typeof(global::RabbitMQ.Client.IConnection).Assembly;
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            Assert.True(current.GetType().Assembly != clientAssembly, $"a RabbitMQ.Client exception crossed the call: {current.GetType().FullName}: {current.Message}");
        }
    }
}

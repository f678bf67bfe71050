using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Orleans.Streaming.RabbitMQ.Tests.Infrastructure;

namespace Orleans.Streaming.RabbitMQ.Tests;

/// <summary>A broker that accepts connections but never answers: publishes still fail in time, with the provider's exception.</summary>
public sealed class UnresponsiveBrokerTests
{
    [Fact]
    public async Task A_grain_that_publishes_to_a_broker_that_does_not_answer_gets_a_RabbitMqStreamException_within_the_publish_timeout()
    {
        // Something listens on the port but never speaks AMQP: connecting hangs instead of being refused.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        await using var cluster = await StreamCluster.StartAsync(
            s => (s.ConnectionString, s.QueueCount, s.PublishTimeout) = ($"amqp://guest:guest@127.0.0.1:{port}/", 1, TimeSpan.FromSeconds(1)),
            silos: 1);

        var clock = Stopwatch.StartNew();
        var failure = await Assert.ThrowsAnyAsync<Exception>(() =>
            cluster.Producer().PublishAsync(cluster.NewExchange("silent"), "key", new TestEvent($"silent-{Guid.NewGuid():N}")));

        BrokerFaultTests.AssertNoRabbitMqClientType(failure);
        var streamException = failure as RabbitMqStreamException ?? Assert.IsType<RabbitMqStreamException>(failure.InnerException);
        Assert.Contains("did not confirm", streamException.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"the publish failed after {clock.Elapsed}");
    }
}

using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Streaming.RabbitMQ.Providers;
using Orleans.Streaming.RabbitMQ.Tests.Infrastructure;
using Orleans.Streams;

namespace Orleans.Streaming.RabbitMQ.Tests;

/// <summary>A receiver whose start runs out of time, as on a silo too loaded to take over its queues in time.</summary>
public sealed class ReceiverStartTests
{
    [Fact]
    public async Task A_receiver_start_that_runs_out_of_time_does_not_fail_and_leaves_no_consumer_holding_messages()
    {
        var node = RabbitMqNode.Shared();
        var options = new RabbitMqStreamOptions { ConnectionString = node.ConnectionString, QueueCount = 1 };
        options.ResolvedPrefix = $"rmqtest.start.{Guid.NewGuid():N}";
        var queue = options.QueueName(0);
        var logger = NullLogger.Instance;
        await using var connection = new RabbitMqConnection(options, "start-test", logger);
        await using var publisher = new RabbitMqPublisher(connection, options, "start-test", logger);
        await using var amqp = await AmqpProbe.ConnectAsync(node.ConnectionString);
        try
        {
            await connection.GetAsync();
            // Time limits from none to a few milliseconds: some run out before the channel opens, some while the
            // broker registers the consumer. None may throw, and none may leave a consumer behind once stopped.
            for (var ticks = 0; ticks <= 60_000; ticks += 1_000)
            {
                var receiver = new RabbitMqQueueAdapterReceiver(queue, connection, publisher, options, new UnusedSerializer(), signature: null, logger);
                await receiver.Initialize(TimeSpan.FromTicks(ticks));
                await receiver.Shutdown(TimeSpan.FromSeconds(5));
            }

            for (var i = 0; i < 10; i++)
            {
                await amqp.PublishRawAsync("", queue, [(byte)i]);
            }

            var counts = await Eventually.Until("the ten messages ready in the queue, nobody consuming", () => node.QueueAsync(queue), q => q.Ready == 10);
            Assert.Equal(new QueueCounts(10, 0, 0), counts);
        }
        finally
        {
            await amqp.DeleteAsync([queue, options.DeadLetterQueue], [options.PartitionExchange]);
        }
    }

    /// <summary>The test never reads a message through the receiver.</summary>
    private sealed class UnusedSerializer : IRabbitMqMessageSerializer
    {
        public string ContentType => "application/octet-stream";

        public RabbitMqMessage Serialize<T>(StreamId streamId, IEnumerable<T> events, Dictionary<string, object>? requestContext) =>
            throw new NotSupportedException();

        public IReadOnlyList<object> Deserialize(StreamId streamId, ReadOnlyMemory<byte> body, out Dictionary<string, object>? requestContext) =>
            throw new NotSupportedException();
    }
}

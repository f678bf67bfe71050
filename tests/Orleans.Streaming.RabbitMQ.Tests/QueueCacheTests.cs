using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Configuration;
using Orleans.Providers.Streams.Common;
using Orleans.Runtime;
using Orleans.Streaming.RabbitMQ.Providers;
using Orleans.Streams;

namespace Orleans.Streaming.RabbitMQ.Tests;

/// <summary>
/// The provider's queue cache as the pulling agent uses it. The agent refreshes each waiting consumer's cursor with the
/// first message of its stream in every batch it reads; a refresh that throws ends its pass over the whole batch.
/// </summary>
public sealed class QueueCacheTests
{
    private static readonly StreamId Stream = StreamId.Create("rmqtest.cache", "waiting");
    private static readonly StreamId Other = StreamId.Create("rmqtest.cache", "other");

    [Fact]
    public void A_cursor_left_waiting_at_a_token_the_cache_no_longer_holds_resumes_at_the_next_message_of_its_stream()
    {
        var cache = NewCache();

        // Placed while the cache was empty, the cursor waits at token 5; the queue's next messages come after it.
        var cursor = Assert.IsType<IQueueCacheCursor>(cache.TryGetCacheCursor(Stream, new EventSequenceTokenV2(5)).Cursor, exactMatch: false);
        cache.AddToCache([Message(Other, 6), Message(Stream, 7), Message(Other, 8), Message(Stream, 9)]);

        cursor.Refresh(new EventSequenceTokenV2(7));

        // Placed again, the cursor holds its messages in the cache until it has passed them.
        Assert.False(cache.TryPurgeFromCache(out _));
        Assert.Equal([7, 9], Drain(cursor));
    }

    [Fact]
    public void A_cursor_waiting_at_a_token_still_to_come_is_placed_there_when_it_arrives()
    {
        var cache = NewCache();
        var cursor = Assert.IsType<IQueueCacheCursor>(cache.TryGetCacheCursor(Stream, new EventSequenceTokenV2(3)).Cursor, exactMatch: false);
        cache.AddToCache([Message(Stream, 3), Message(Other, 4), Message(Stream, 5)]);

        cursor.Refresh(new EventSequenceTokenV2(3));

        Assert.Equal([3, 5], Drain(cursor));
    }

    private static IQueueCache NewCache() =>
        new RabbitMqQueueAdapterCache(new SimpleQueueCacheOptions(), "cache-test", NullLoggerFactory.Instance).CreateQueueCache(QueueId.GetQueueId("cache-test", 0, 0));

    private static RabbitMqBatchContainer Message(StreamId stream, long sequenceNumber) =>
        new(stream, [$"event {sequenceNumber}"], requestContext: null, new EventSequenceTokenV2(sequenceNumber));

    private static List<long> Drain(IQueueCacheCursor cursor)
    {
        var seen = new List<long>();
        while (cursor.MoveNextWithResult().Kind == QueueCacheCursorMoveResultKind.Success)
        {
            seen.Add(cursor.GetCurrent(out _)!.SequenceToken.SequenceNumber);
        }

        return seen;
    }
}

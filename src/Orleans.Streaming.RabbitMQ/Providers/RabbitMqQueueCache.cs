using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Providers.Streams.Common;
using Orleans.Streams;

namespace Orleans.Streaming.RabbitMQ.Providers;

/// <summary>Makes each queue's <see cref="RabbitMqQueueCache"/> around Orleans' simple queue cache.</summary>
internal sealed class RabbitMqQueueAdapterCache(SimpleQueueCacheOptions options, string providerName, ILoggerFactory loggerFactory) : IQueueAdapterCache
{
    private readonly SimpleQueueAdapterCache _inner = new(options, providerName, loggerFactory);
    private readonly ILogger _logger = loggerFactory.CreateLogger<RabbitMqQueueCache>();

    public IQueueCache CreateQueueCache(QueueId queueId) => new RabbitMqQueueCache(_inner.CreateQueueCache(queueId), queueId, _logger);
}

/// <summary>
/// A queue's cache: Orleans' simple queue cache, whose cursors never get stuck. A consumer's cursor can be left
/// waiting at a token the cache has since purged (when the cache was empty as the cursor was placed). The simple
/// cache then throws on each later <see cref="IQueueCacheCursor.Refresh"/> of that cursor, and the pulling agent lets
/// the exception end its pass over the whole batch: that stream's consumer never receives again, and the consumers of
/// the batch's other streams are not woken, so their messages are purged, and acknowledged, unseen. Here such a cursor
/// starts again at the message it is refreshed with, the first new one of its stream, which the cache holds.
/// </summary>
internal sealed partial class RabbitMqQueueCache(IQueueCache inner, QueueId queueId, ILogger logger) : IQueueCache
{
    public int GetMaxAddCount() => inner.GetMaxAddCount();

    public void AddToCache(IList<IBatchContainer> messages) => inner.AddToCache(messages);

    public bool TryPurgeFromCache([MaybeNullWhen(false)] out IList<IBatchContainer> purgedItems) => inner.TryPurgeFromCache(out purgedItems);

    public bool IsUnderPressure() => inner.IsUnderPressure();

    public void UpdateDeliveryProgress(StreamSequenceToken? earliestSubscriptionToken, DateTime utcNow) =>
        inner.UpdateDeliveryProgress(earliestSubscriptionToken, utcNow);

    [Obsolete("Use TryGetCacheCursor instead.")]
    public IQueueCacheCursor GetCacheCursor(StreamId streamId, StreamSequenceToken? token) => new Cursor(this, streamId, inner.GetCacheCursor(streamId, token));

    public QueueCacheCursorResult<IQueueCacheCursor> TryGetCacheCursor(StreamId streamId, StreamSequenceToken? token) =>
        Wrap(streamId, inner.TryGetCacheCursor(streamId, token));

    public QueueCacheCursorResult<IQueueCacheCursor> TryGetCacheCursorAtPosition(StreamId streamId, StreamSubscriptionStartPosition startPosition) =>
        Wrap(streamId, inner.TryGetCacheCursorAtPosition(streamId, startPosition));

    private QueueCacheCursorResult<IQueueCacheCursor> Wrap(StreamId streamId, QueueCacheCursorResult<IQueueCacheCursor> result) =>
        result.Kind == QueueCacheCursorResultKind.Success ? QueueCacheCursorResult<IQueueCacheCursor>.FromCursor(new Cursor(this, streamId, result.Cursor!)) : result;

    private IQueueCacheCursor? ResumeAt(StreamId streamId, StreamSequenceToken token, QueueCacheMissException miss)
    {
        var resumed = inner.TryGetCacheCursor(streamId, token);
        if (resumed.Kind != QueueCacheCursorResultKind.Success)
        {
            return null;
        }

        LogResumed(logger, streamId, queueId, miss.Requested, miss.Low, miss.High, token);
        return resumed.Cursor;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A consumer of stream {StreamId} on queue {QueueId} waited at {Requested}, which the cache no longer holds (it holds {Low} to {High}); it resumes at {Resumed}")]
    private static partial void LogResumed(ILogger logger, StreamId streamId, QueueId queueId, string? requested, string? low, string? high, StreamSequenceToken resumed);

    /// <summary>
    /// The inner cache's cursor, replaced by one at the refreshing message when it can no longer be placed. It cannot
    /// carry Orleans' internal batch-delivery interface, which the agent uses only with a <c>BatchContainerBatchSize</c>
    /// above 1: the provider leaves that at 1, one message per delivery.
    /// </summary>
    private sealed class Cursor(RabbitMqQueueCache cache, StreamId streamId, IQueueCacheCursor inner) : IQueueCacheCursor
    {
        private IQueueCacheCursor _inner = inner;

        public IBatchContainer? GetCurrent(out Exception? exception) => _inner.GetCurrent(out exception);

        [Obsolete("Use MoveNextWithResult instead.")]
        public bool MoveNext() => _inner.MoveNext();

        public QueueCacheCursorMoveResult MoveNextWithResult() => _inner.MoveNextWithResult();

        public void Refresh(StreamSequenceToken token)
        {
            try
            {
                _inner.Refresh(token);
            }
            catch (QueueCacheMissException miss)
            {
                if (cache.ResumeAt(streamId, token, miss) is not { } replacement)
                {
                    throw;
                }

                _inner.Dispose();
                _inner = replacement;
            }
        }

        public void RecordDeliveryFailure() => _inner.RecordDeliveryFailure();

        public void Dispose() => _inner.Dispose();
    }
}

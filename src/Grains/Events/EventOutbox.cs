using Microsoft.Extensions.Logging;
using Orleans.Core;

namespace EcommerceBackend.Grains.Events;

/// <summary>
/// The outbox inside a grain. A grain appends the events of a change to the list in its state and writes the
/// state once: change and events are stored together. Then <see cref="Publish"/> sends them on their way in
/// the background — the caller never waits for the broker — in order, dropping each one from the list once
/// it is handed over. When publishing fails the rest stay; the grain retries from a timer and again on its
/// next activation. An event whose removal was not yet written may be published twice after a crash:
/// consumers drop repeated ids, so delivery is at-least-once and effects exactly-once.
/// </summary>
public sealed partial class EventOutbox(IDomainEventPublisher publisher, ILogger<EventOutbox> logger)
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    private Task _publishing = Task.CompletedTask;
    private IGrainTimer? _retry;
    private int _failures;
    private long _removals;
    private long _savedRemovals;

    /// <summary>
    /// Whether events were dropped from the list since the grain last wrote its state. The grain writes on
    /// deactivation when so; otherwise the next change's write carries the removal.
    /// </summary>
    private bool HasUnsavedRemovals => _removals != _savedRemovals;

    /// <summary>
    /// Writes the grain's state — its change together with the events still pending — and notes the removals
    /// it carried as saved. Publishing runs in the background and may drop events from the list while the write
    /// is in flight; those removals are not in the write, so they stay unsaved for the deactivation write.
    /// </summary>
    public async Task WriteStateAsync(IStorage state)
    {
        var removals = _removals;
        await state.WriteStateAsync();
        _savedRemovals = removals;
    }

    /// <summary>
    /// For the grain's <c>OnDeactivateAsync</c>: lets the current round of publishing end, then writes the state
    /// if events were dropped from the list since the last write, so the next activation does not send them again.
    /// </summary>
    public async Task SaveOnDeactivationAsync(IStorage state)
    {
        await WhenIdle;
        if (HasUnsavedRemovals)
        {
            await WriteStateAsync(state);
        }
    }

    /// <summary>Completes when the current round of publishing has ended (successfully or not).</summary>
    private Task WhenIdle => _publishing;

    /// <summary>
    /// Starts publishing <paramref name="pending"/> unless a round is already running (which picks up
    /// events added meanwhile). Runs on the grain's scheduler, so it never races the grain's own turns.
    /// </summary>
    public void Publish(IGrainBase grain, List<DomainEvent> pending)
    {
        // A round still running picks up what was added meanwhile.
        if (!_publishing.IsCompleted || pending.Count == 0)
        {
            return;
        }

        _publishing = PublishPendingAsync(grain, pending);
    }

    private async Task PublishPendingAsync(IGrainBase grain, List<DomainEvent> pending)
    {
        while (pending.Count > 0)
        {
            var next = pending[0];
            try
            {
                await publisher.PublishAsync(next);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _failures++;
                LogPublishFailed(logger, ex, next.Type, next.Id, grain.GrainContext.GrainId.ToString(), _failures);
                ScheduleRetry(grain, pending);
                return;
            }

            pending.RemoveAt(0);
            _removals++;
        }

        _failures = 0;
        _retry?.Dispose();
        _retry = null;
    }

    private void ScheduleRetry(IGrainBase grain, List<DomainEvent> pending)
    {
        // Back off while the stream provider is down, up to a ceiling.
        var delay = TimeSpan.FromTicks(Math.Min(MaxRetryDelay.Ticks, RetryDelay.Ticks << Math.Min(_failures - 1, 6)));
        _retry?.Dispose();
        _retry = grain.RegisterGrainTimer(
            static (state, _) =>
            {
                state.outbox.Publish(state.grain, state.pending);
                return state.outbox.WhenIdle;
            },
            (outbox: this, grain, pending),
            new GrainTimerCreationOptions { DueTime = delay, Period = Timeout.InfiniteTimeSpan });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing {EventType} event {EventId} from {GrainId} failed (attempt {Attempt}); it stays in the outbox and is retried")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, string eventType, string eventId, string grainId, int attempt);
}

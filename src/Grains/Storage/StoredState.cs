using EcommerceBackend.Contracts;
using EcommerceBackend.Contracts.Events;
using Microsoft.Extensions.Logging;
using Orleans.Storage;

namespace EcommerceBackend.Grains.Storage;

/// <summary>
/// <see cref="IStoredState{TState}"/> for one activation, and its outbox. It talks to the grain storage provider
/// itself rather than through Orleans' state bridge, so that a write is always of a new record: the served record is
/// replaced only by one the store accepted, and a failed write leaves nothing half-applied.
/// <para>
/// The outbox: events are stored with the change that caused them, then published in order in the background. The
/// ones the broker confirmed are remembered in memory and dropped from the stored record by the next write, or by a
/// write of their own at most <see cref="OutboxOptions.FlushDelay"/> after the confirm. Before the first event of an
/// activation is stored, the grain is noted in the silo's <see cref="OutboxJournal"/>, so that if the silo dies with
/// events unpublished or their removal unstored, another silo wakes the grain at once: a crash repeats only the events
/// confirmed in the flush delay before it, and repeats them promptly, not whenever the grain is next called.
/// </para>
/// </summary>
internal sealed partial class StoredState<TState> : IStoredState<TState>
    where TState : class, new()
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    private readonly IGrainContext _context;
    private readonly string _name;
    private readonly IGrainStorage _storage;
    private readonly StoredStateServices _services;

    // One write at a time: a flush may come from a timer while a grain method's write is in flight.
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    // Ids of stored outbox events the broker confirmed, whose removal is not stored yet.
    private readonly HashSet<string> _published = new(StringComparer.Ordinal);

    private GrainState<StoredRecord<TState>> _stored = new(new StoredRecord<TState> { State = new TState() });
    private Task _publishing = Task.CompletedTask;
    private IGrainTimer? _retryTimer;
    private IGrainTimer? _flushTimer;
    private int _failures;
    private bool _journaled;
    private bool _retired;

    public StoredState(IGrainContext context, string name, IGrainStorage storage, StoredStateServices services)
    {
        _context = context;
        _name = name;
        _storage = storage;
        _services = services;
        var lifecycle = context.ObservableLifecycle;
        lifecycle.Subscribe($"StoredState:{name}", GrainLifecycleStage.SetupState, ReadAsync, FinalFlushAsync);
        // After the grain's own OnActivateAsync, which may commit first.
        lifecycle.Subscribe($"StoredState:{name}:outbox", GrainLifecycleStage.Activate + 1, ResumeOutboxAsync, _ => Task.CompletedTask);
    }

    public TState State => Record.State ?? throw new InvalidOperationException("The state is read at activation.");

    public bool RecordExists => _stored.RecordExists;

    private StoredRecord<TState> Record => _stored.State!;

    private DomainEvent[] Outbox => Record.Outbox;

    public async Task CommitAsync(TState next, params IReadOnlyList<DomainEvent> events)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (_retired)
        {
            // A write failed earlier in this activation: what it holds may not be what is stored.
            throw new StoreUnavailableException($"State '{_name}' of {_context.GrainId} is being reloaded; try again.");
        }

        await WriteAsync(next, events, isFlush: false);
        if (events.Count > 0)
        {
            Publish();
        }
    }

    /// <summary>Writes a new record: <paramref name="next"/>, the outbox less what was published, plus <paramref name="events"/>.</summary>
    private async Task WriteAsync(TState next, IReadOnlyList<DomainEvent> events, bool isFlush)
    {
        await _writeGate.WaitAsync();
        try
        {
            if (events.Count > 0 && !_journaled)
            {
                // Noted before the events are stored, so a silo that dies with them unpublished is recovered from.
                await _services.Journal.EnlistAsync(_context.GrainId);
                _journaled = true;
            }

            var dropped = _published.Count == 0 ? [] : _published.ToArray();
            var outbox = Outbox;
            if (dropped.Length > 0 || events.Count > 0)
            {
                var list = new List<DomainEvent>(outbox.Length - dropped.Length + events.Count);
                foreach (var e in outbox)
                {
                    if (!_published.Contains(e.Id))
                    {
                        list.Add(e);
                    }
                }

                list.AddRange(events);
                outbox = [.. list];
            }

            var candidate = new GrainState<StoredRecord<TState>>(new StoredRecord<TState> { State = next, Outbox = outbox })
            {
                ETag = _stored.ETag,
                RecordExists = _stored.RecordExists,
            };
            try
            {
                await _storage.WriteStateAsync(_name, _context.GrainId, candidate);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                throw Failed(ex, isFlush);
            }

            _stored = candidate;
            _published.ExceptWith(dropped);
            if (outbox.Length == 0 && _journaled)
            {
                _services.Journal.Discharge(_context.GrainId);
                _journaled = false;
            }
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>
    /// A write failed. The record held is still what the store had; but a store that timed out may have taken the write
    /// after all, so unless the failure is a flush that can simply be tried again, the activation retires and the next
    /// call reads the store afresh.
    /// </summary>
    private StoreUnavailableException Failed(Exception ex, bool isFlush)
    {
        LogWriteFailed(_services.Logger, ex, _name, _context.GrainId.ToString());
        if (!isFlush || ex is InconsistentStateException)
        {
            _retired = true;
            _context.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationError, $"Writing state '{_name}' failed; the next activation reads it again."));
        }

        return new StoreUnavailableException($"State '{_name}' of {_context.GrainId} could not be stored ({ex.GetType().Name}); nothing of the change was kept. Try again.");
    }

    private async Task ReadAsync(CancellationToken cancellationToken)
    {
        var read = new GrainState<StoredRecord<TState>>(new StoredRecord<TState> { State = new TState() });
        try
        {
            await _storage.ReadStateAsync(_name, _context.GrainId, read);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogReadFailed(_services.Logger, ex, _name, _context.GrainId.ToString());
            throw new StoreUnavailableException($"State '{_name}' of {_context.GrainId} could not be read ({ex.GetType().Name}). Try again.");
        }

        // A record written before the first write of a state has no state in it.
        read.State ??= new StoredRecord<TState> { State = new TState() };
        if (read.State.State is null)
        {
            read.State = read.State with { State = new TState() };
        }

        _stored = read;
    }

    private async Task ResumeOutboxAsync(CancellationToken cancellationToken)
    {
        if (Outbox.Length == 0 || _journaled || _retired)
        {
            return;
        }

        // Events from an earlier activation: noted in this silo's journal before they go out again.
        try
        {
            await _services.Journal.EnlistAsync(_context.GrainId);
        }
        catch (StoreUnavailableException ex)
        {
            // The activation still serves what is stored (a read needs no write); the events wait in the stored
            // outbox, unpublished, until the journal takes the note.
            _failures++;
            LogResumeFailed(_services.Logger, ex, _name, _context.GrainId.ToString(), _failures);
            ScheduleRetry(static self => self.ResumeOutboxAsync(CancellationToken.None));
            return;
        }

        _journaled = true;
        _failures = 0;
        Publish();
    }

    /// <summary>Starts publishing the outbox unless a round is already running (it picks up events added meanwhile).</summary>
    private void Publish()
    {
        if (_publishing.IsCompleted && NextUnpublished() is not null)
        {
            _publishing = PublishAsync();
        }
    }

    private DomainEvent? NextUnpublished()
    {
        foreach (var e in Outbox)
        {
            if (!_published.Contains(e.Id))
            {
                return e;
            }
        }

        return null;
    }

    private async Task PublishAsync()
    {
        while (!_retired && NextUnpublished() is { } next)
        {
            try
            {
                await _services.Publisher.PublishAsync(next);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _failures++;
                LogPublishFailed(_services.Logger, ex, next.Type, next.Id, _context.GrainId.ToString(), _failures);
                ScheduleRetry(static self =>
                {
                    self.Publish();
                    return self._publishing;
                });
                return;
            }

            _published.Add(next.Id);
            ScheduleFlush();
        }

        _failures = 0;
        _retryTimer?.Dispose();
        _retryTimer = null;
    }

    private void ScheduleRetry(Func<StoredState<TState>, Task> retry)
    {
        // Back off while the broker or the store is down, up to a ceiling. The timer keeps the activation alive meanwhile.
        var delay = TimeSpan.FromTicks(Math.Min(MaxRetryDelay.Ticks, RetryDelay.Ticks << Math.Min(_failures - 1, 6)));
        _retryTimer?.Dispose();
        _retryTimer = _services.Timers.RegisterGrainTimer(
            _context,
            static (state, _) => state.Retry(state.Self),
            (Self: this, Retry: retry),
            new GrainTimerCreationOptions { DueTime = delay, Period = Timeout.InfiniteTimeSpan, KeepAlive = true });
    }

    /// <summary>Stores the removal of published events soon, batching every confirm of the delay into one write.</summary>
    private void ScheduleFlush() =>
        _flushTimer ??= _services.Timers.RegisterGrainTimer(
            _context,
            static (self, _) => self.FlushAsync(),
            this,
            new GrainTimerCreationOptions { DueTime = _services.Options.FlushDelay, Period = Timeout.InfiniteTimeSpan, KeepAlive = true });

    private async Task FlushAsync()
    {
        _flushTimer?.Dispose();
        _flushTimer = null;
        if (_published.Count == 0 || _retired)
        {
            return;
        }

        try
        {
            await WriteAsync(State, [], isFlush: true);
        }
        catch (StoreUnavailableException)
        {
            // Logged by the write; the published events stay in the store until a later write drops them.
            if (!_retired)
            {
                ScheduleFlush();
            }
        }
    }

    /// <summary>
    /// On deactivation, after the grain's own <c>OnDeactivateAsync</c>: lets the current round of publishing end, then
    /// stores the removal of what it published. Events still unpublished stay stored, and the journal wakes the grain
    /// again later to publish them.
    /// </summary>
    private async Task FinalFlushAsync(CancellationToken cancellationToken)
    {
        _retryTimer?.Dispose();
        _flushTimer?.Dispose();
        try
        {
            await _publishing.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Deactivation has its time limit; what is unconfirmed stays in the outbox.
        }

        if (_published.Count > 0)
        {
            // Even after a failed write: the record held is what the store had, and a store that took the failed write
            // after all refuses this one by its ETag.
            try
            {
                await WriteAsync(State, [], isFlush: true);
            }
            catch (StoreUnavailableException)
            {
                // Logged by the write. The events stay stored and the journal still names this grain.
            }
        }

        if (Outbox.Length > 0)
        {
            // Unpublished events, or published ones whose removal is not stored: the grain must be woken to finish.
            _services.Journal.Dormant(_context.GrainId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storing state {StateName} of {GrainId} failed; it keeps what is stored")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, string stateName, string grainId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading state {StateName} of {GrainId} failed")]
    private static partial void LogReadFailed(ILogger logger, Exception exception, string stateName, string grainId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Noting state {StateName} of {GrainId} in the outbox journal failed (attempt {Attempt}); its stored events wait and it is retried")]
    private static partial void LogResumeFailed(ILogger logger, Exception exception, string stateName, string grainId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing {EventType} event {EventId} from {GrainId} failed (attempt {Attempt}); it stays in the outbox and is retried")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, string eventType, string eventId, string grainId, int attempt);
}

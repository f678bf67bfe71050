using EcommerceBackend.Contracts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EcommerceBackend.Grains.Storage;

/// <summary>
/// The silo's note of which grains hold events in their stored outbox: events not yet published, or published with
/// their removal not yet stored. A grain is noted before its first event is stored and struck off once its stored
/// outbox is empty. With a durable <see cref="IOutboxJournalStore"/> (cluster mode) the note outlives the silo: when
/// the cluster declares a silo dead, another silo claims its journal and wakes each grain in it, which publishes what
/// is left at once. So a crash repeats only the events confirmed in the flush delay before it, and repeats them within
/// the time the cluster takes to declare the silo dead plus <see cref="OutboxOptions.RecoveryInterval"/>.
/// Without a store (embedded mode, where silo and grains die together) only the in-memory part runs: grains that
/// deactivated with events left are woken every <see cref="OutboxOptions.RecoveryInterval"/>.
/// </summary>
public sealed partial class OutboxJournal(
    IGrainFactory grains,
    ILocalSiloDetails silo,
    IClusterMembershipService membership,
    IOptions<OutboxOptions> options,
    ILogger<OutboxJournal> logger,
    IOutboxJournalStore? store = null) : ILifecycleParticipant<ISiloLifecycle>
{
    private const int WakeConcurrency = 32;

    private readonly Lock _lock = new();
    private readonly HashSet<GrainId> _dormant = [];
    private readonly CancellationTokenSource _stopping = new();
    private Dictionary<GrainId, bool> _changes = [];
    private TaskCompletionSource? _nextWrite;
    private bool _writing;
    private Task _loop = Task.CompletedTask;

    /// <summary>Notes <paramref name="grain"/>; completes once the note is durable. Throws <see cref="StoreUnavailableException"/> when it cannot be.</summary>
    public ValueTask EnlistAsync(GrainId grain)
    {
        if (store is null)
        {
            return ValueTask.CompletedTask;
        }

        lock (_lock)
        {
            _changes[grain] = true;
            _nextWrite ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var stored = _nextWrite.Task;
            StartWriter();
            return new ValueTask(stored);
        }
    }

    /// <summary>Strikes <paramref name="grain"/> off: its stored outbox is empty.</summary>
    public void Discharge(GrainId grain)
    {
        if (store is null)
        {
            return;
        }

        lock (_lock)
        {
            _changes[grain] = false;
            StartWriter();
        }
    }

    /// <summary><paramref name="grain"/> deactivated with events left in its outbox: wake it later to finish them.</summary>
    public void Dormant(GrainId grain)
    {
        lock (_lock)
        {
            _dormant.Add(grain);
        }
    }

    /// <inheritdoc/>
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(OutboxJournal), ServiceLifecycleStage.Active, StartAsync, StopAsync);

    private Task StartAsync(CancellationToken cancellationToken)
    {
        _loop = Task.Run(RunAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _loop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private void StartWriter()
    {
        if (!_writing)
        {
            _writing = true;
            _ = Task.Run(WriteLoopAsync);
        }
    }

    /// <summary>Writes the changes in batches: every enlisting that arrives while a write is in flight goes in the next one.</summary>
    private async Task WriteLoopAsync()
    {
        while (true)
        {
            Dictionary<GrainId, bool> batch;
            TaskCompletionSource? written;
            lock (_lock)
            {
                if (_changes.Count == 0)
                {
                    _writing = false;
                    return;
                }

                (batch, _changes) = (_changes, []);
                (written, _nextWrite) = (_nextWrite, null);
            }

            try
            {
                await store!.ApplyAsync(
                    silo.SiloAddress,
                    [.. batch.Where(c => c.Value).Select(c => c.Key)],
                    [.. batch.Where(c => !c.Value).Select(c => c.Key)]);
                written?.TrySetResult();
            }
            catch (Exception ex)
            {
                LogJournalWriteFailed(logger, ex);
                written?.TrySetException(new StoreUnavailableException($"The outbox journal could not be written ({ex.GetType().Name}). Try again."));
                lock (_lock)
                {
                    // Strike-offs are tried again with the next batch; enlistings failed back to their grains.
                    foreach (var (grain, enlisted) in batch)
                    {
                        if (!enlisted)
                        {
                            _changes.TryAdd(grain, false);
                        }
                    }

                    _writing = false;
                }

                return;
            }
        }
    }

    private async Task RunAsync()
    {
        using var timer = new PeriodicTimer(options.Value.RecoveryInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token))
            {
                await WakeDormantAsync();
                if (store is not null)
                {
                    await RecoverAsync();
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
    }

    private async Task WakeDormantAsync()
    {
        GrainId[] dormant;
        lock (_lock)
        {
            dormant = [.. _dormant];
            _dormant.Clear();
        }

        var failed = await WakeAsync(dormant);
        lock (_lock)
        {
            _dormant.UnionWith(failed);
        }
    }

    /// <summary>Claims the journals of dead silos (and claims left by dead claimers), and wakes every grain in them.</summary>
    private async Task RecoverAsync()
    {
        try
        {
            var snapshot = membership.CurrentSnapshot;
            foreach (var journal in await store!.ListAsync())
            {
                if (journal.ClaimedBy is { } claimer && claimer.Equals(silo.SiloAddress))
                {
                    // This silo's own claim that could not be finished before: try again.
                    await FinishClaimAsync(journal.Silo, await store.MembersAsync(journal));
                    continue;
                }

                var owner = journal.ClaimedBy ?? journal.Silo;
                if (owner.Equals(silo.SiloAddress) || snapshot.GetSiloStatus(owner) != SiloStatus.Dead)
                {
                    continue;
                }

                if (await store.ClaimAsync(journal, silo.SiloAddress) is { } claimed)
                {
                    LogRecovering(logger, journal.Silo.ToString(), claimed.Count);
                    await FinishClaimAsync(journal.Silo, claimed);
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogRecoveryFailed(logger, ex);
        }
    }

    private async Task FinishClaimAsync(SiloAddress deadSilo, IReadOnlyList<GrainId> grainIds)
    {
        var failed = await WakeAsync(grainIds);
        await store!.ReleaseAsync(deadSilo, silo.SiloAddress, [.. grainIds.Except(failed)]);
    }

    /// <summary>Activates each grain (its outbox then publishes what is left); returns those that could not be reached.</summary>
    private async Task<List<GrainId>> WakeAsync(IReadOnlyList<GrainId> grainIds)
    {
        var failed = new List<GrainId>();
        await Parallel.ForEachAsync(grainIds, new ParallelOptions { MaxDegreeOfParallelism = WakeConcurrency }, async (grainId, _) =>
        {
            try
            {
                await grains.GetGrain(grainId).AsReference<IOutboxWake>().WakeAsync();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogWakeFailed(logger, ex, grainId.ToString());
                lock (failed)
                {
                    failed.Add(grainId);
                }
            }
        });
        return failed;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The outbox journal could not be written; the changes waiting for it are refused")]
    private static partial void LogJournalWriteFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo {Silo} is dead: waking the {Count} grain(s) of its outbox journal")]
    private static partial void LogRecovering(ILogger logger, string silo, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recovering outbox journals failed; trying again at the next interval")]
    private static partial void LogRecoveryFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Waking grain {GrainId} to finish its outbox failed; trying again later")]
    private static partial void LogWakeFailed(ILogger logger, Exception exception, string grainId);
}

/// <summary>Wakes a grain: a call that does nothing but activate it, so its outbox publishes what is left.</summary>
[Alias("ecommerce.IOutboxWake")]
public interface IOutboxWake : IGrainExtension
{
    /// <summary>Activates the grain, if it is not active.</summary>
    [Alias("Wake")]
    Task WakeAsync();
}

/// <summary><see cref="IOutboxWake"/> for every grain: the activation did the work.</summary>
internal sealed class OutboxWake : IOutboxWake
{
    public Task WakeAsync() => Task.CompletedTask;
}

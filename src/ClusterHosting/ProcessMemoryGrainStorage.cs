using System.Collections.Concurrent;
using Orleans.Serialization;
using Orleans.Storage;

namespace EcommerceBackend.ClusterHosting;

/// <summary>
/// Grain state in this process's memory, for embedded mode. Orleans' own memory storage keeps state in
/// storage grains so that several silos can share it, at the cost of a grain call per write; embedded mode
/// has one silo, so a dictionary in the process does the same job without the hop. It keeps a deep copy of
/// each state written and hands out a deep copy on read, as a grain call does with its arguments, so a grain
/// never shares an object with the store; and it guards writes by ETags like a real store. The state never
/// leaves the process, so it is not turned into bytes: the copies of the shop's states, which are immutable
/// records and collections, share their immutable parts and cost next to nothing.
/// </summary>
public sealed class ProcessMemoryGrainStorage(DeepCopier copier) : IGrainStorage
{
    // Many lock stripes: every grain write lands here, and the default (one per core) makes them queue.
    private readonly ConcurrentDictionary<(string State, GrainId Grain), Entry> _entries = new(concurrencyLevel: 256, capacity: 4096);
    private long _nextETag;

    /// <inheritdoc/>
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (_entries.TryGetValue((stateName, grainId), out var entry))
        {
            grainState.State = copier.Copy((T)entry.State!);
            grainState.ETag = entry.ETag;
            grainState.RecordExists = true;
        }
        else
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var next = new Entry(copier.Copy(grainState.State), Interlocked.Increment(ref _nextETag).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Swap(stateName, grainId, grainState.ETag, next);
        grainState.ETag = next.ETag;
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        Swap(stateName, grainId, grainState.ETag, null);
        grainState.State = Activator.CreateInstance<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    private void Swap(string stateName, GrainId grainId, string? expectedETag, Entry? next)
    {
        var key = (stateName, grainId);
        _entries.TryGetValue(key, out var current);
        if (current?.ETag != expectedETag)
        {
            throw new InconsistentStateException($"ETag mismatch writing {stateName} of {grainId}", current?.ETag ?? "none", expectedETag ?? "none");
        }

        var swapped = (current, next) switch
        {
            (null, null) => true,
            (null, { } added) => _entries.TryAdd(key, added),
            ({ } old, null) => _entries.TryRemove(new KeyValuePair<(string, GrainId), Entry>(key, old)),
            ({ } old, { } replacement) => _entries.TryUpdate(key, replacement, old),
        };
        if (!swapped)
        {
            throw new InconsistentStateException($"Concurrent write to {stateName} of {grainId}", "changed", expectedETag ?? "none");
        }
    }

    private sealed record Entry(object? State, string ETag);
}

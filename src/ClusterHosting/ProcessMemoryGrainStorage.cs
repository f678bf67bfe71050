using System.Collections.Concurrent;
using Orleans.Storage;

namespace EcommerceBackend.ClusterHosting;

/// <summary>
/// Grain state in this process's memory, for embedded mode. Orleans' own memory storage keeps state in
/// storage grains so that several silos can share it, at the cost of a grain call per write; embedded mode
/// has one silo, so a dictionary in the process does the same job without the hop. State is kept
/// serialized (never the grain's own object) and guarded by ETags like a real store.
/// </summary>
public sealed class ProcessMemoryGrainStorage(IGrainStorageSerializer serializer) : IGrainStorage
{
    // Many lock stripes: every grain write lands here, and the default (one per core) makes them queue.
    private readonly ConcurrentDictionary<(string State, GrainId Grain), Entry> _entries = new(concurrencyLevel: 256, capacity: 4096);
    private long _nextETag;

    /// <inheritdoc/>
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (_entries.TryGetValue((stateName, grainId), out var entry))
        {
            grainState.State = serializer.Deserialize<T>(entry.Data);
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
        var next = new Entry(serializer.Serialize(grainState.State), Interlocked.Increment(ref _nextETag).ToString(System.Globalization.CultureInfo.InvariantCulture));
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

    private sealed record Entry(BinaryData Data, string ETag);
}

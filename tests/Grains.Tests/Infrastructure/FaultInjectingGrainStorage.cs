using System.Collections.Concurrent;
using EcommerceBackend.Contracts;
using Orleans.Storage;

namespace EcommerceBackend.Grains.Tests.Infrastructure;

/// <summary>
/// The silos' grain storage in the test cluster: the real Redis storage, except that writes (or reads) of the grains a
/// test has put in an outage fail, as a store that refuses writes would. An outage may also let the write land and
/// then report it failed, as a store that times out after applying it does. The outages are static because every silo
/// of the test cluster runs in this process with a service provider of its own.
/// </summary>
public sealed class FaultInjectingGrainStorage(IGrainStorage inner) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    private static readonly ConcurrentDictionary<string, Outage> Outages = new();

    /// <summary>Makes writes of the grain whose key is <paramref name="grainKey"/> fail until the outage is disposed.</summary>
    /// <param name="grainKey">The grain's primary key (a product, order or customer id, an inbox key…).</param>
    /// <param name="landing">Whether each failing write is applied first, so only its answer is lost.</param>
    /// <param name="reads">Whether reads fail too.</param>
    public static Outage FailFor(string grainKey, bool landing = false, bool reads = false)
    {
        var outage = new Outage(grainKey, landing, reads);
        if (!Outages.TryAdd(grainKey, outage))
        {
            throw new InvalidOperationException($"Storage of '{grainKey}' is already failing.");
        }

        return outage;
    }

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (Outages.TryGetValue(grainId.Key.ToString()!, out var outage) && outage.Reads)
        {
            Interlocked.Increment(ref outage.FailedReads);
            throw new TestStorageException($"Test outage: reading {stateName} of {grainId} fails.");
        }

        await inner.ReadStateAsync(stateName, grainId, grainState);
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (Outages.TryGetValue(grainId.Key.ToString()!, out var outage))
        {
            Interlocked.Increment(ref outage.FailedWrites);
            if (outage.Landing)
            {
                await inner.WriteStateAsync(stateName, grainId, grainState);
            }

            throw new TestStorageException($"Test outage: writing {stateName} of {grainId} fails.");
        }

        await inner.WriteStateAsync(stateName, grainId, grainState);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, grainId, grainState);

    public void Participate(ISiloLifecycle lifecycle) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);

    /// <summary>An outage of one grain's storage; disposing it ends the outage.</summary>
    public sealed class Outage(string grainKey, bool landing, bool reads) : IDisposable
    {
        internal int FailedWrites;
        internal int FailedReads;

        public bool Landing { get; } = landing;

        public bool Reads { get; } = reads;

        /// <summary>How many writes were made to fail.</summary>
        public int Writes => Volatile.Read(ref FailedWrites);

        public void Dispose() => Outages.TryRemove(new KeyValuePair<string, Outage>(grainKey, this));
    }

    private sealed class TestStorageException(string message) : Exception(message);
}

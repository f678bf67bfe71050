using EcommerceBackend.Contracts;
using EcommerceBackend.Contracts.Events;

namespace EcommerceBackend.Grains.Storage;

/// <summary>
/// A grain's persisted state under the one rule every grain follows: a change is computed on a copy, written, and only
/// then becomes <see cref="State"/>. Events recorded with a change are stored in the same write and published after it
/// (an outbox), retried until published, and dropped from storage soon after the broker confirmed them.
/// Declare it as a grain constructor parameter marked <see cref="StoredStateAttribute"/>.
/// </summary>
/// <typeparam name="TState">The state: treat it as immutable; a change makes a new value (<c>with</c>, immutable collections).</typeparam>
public interface IStoredState<TState>
    where TState : class
{
    /// <summary>What the store holds: the last state read or written successfully.</summary>
    TState State { get; }

    /// <summary>Whether the store holds a record of this grain (false until the first write).</summary>
    bool RecordExists { get; }

    /// <summary>
    /// Writes <paramref name="next"/>, with <paramref name="events"/> in the same write, and only then makes it
    /// <see cref="State"/> and publishes the events in the background. When the write fails, <see cref="State"/> stays
    /// what is stored, the activation is retired (the next call reads the store again) and the caller gets a
    /// <see cref="StoreUnavailableException"/>, which it may retry.
    /// </summary>
    /// <param name="next">The new state; never an object that is part of <see cref="State"/> and changed in place.</param>
    /// <param name="events">The events the change causes, in order.</param>
    Task CommitAsync(TState next, params IReadOnlyList<DomainEvent> events);
}

/// <summary>Marks a grain constructor parameter of type <see cref="IStoredState{TState}"/>: the state's name and its storage provider.</summary>
/// <param name="stateName">The name of the state (part of its key in the store: never rename).</param>
/// <param name="storageName">The grain storage provider (<see cref="StorageNames"/>).</param>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class StoredStateAttribute(string stateName, string storageName) : Attribute, IFacetMetadata
{
    /// <summary>The name of the state.</summary>
    public string StateName { get; } = stateName;

    /// <summary>The grain storage provider.</summary>
    public string StorageName { get; } = storageName;
}

/// <summary>What the store holds for a grain: its state and the events recorded with it that are not yet known to be published.</summary>
/// <typeparam name="TState">The grain's state.</typeparam>
[GenerateSerializer, Alias("ecommerce.StoredRecord`1")]
public sealed record StoredRecord<TState>
{
    /// <summary>The grain's state.</summary>
    [Id(0)] public TState? State { get; init; }

    /// <summary>Events recorded with a change and not yet known to be published, oldest first.</summary>
    [Id(1)] public DomainEvent[] Outbox { get; init; } = [];
}

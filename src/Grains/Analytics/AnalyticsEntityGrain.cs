using EcommerceBackend.Contracts.Analytics;
using EcommerceBackend.Contracts.Events;
using EcommerceBackend.Contracts.Orders;
using EcommerceBackend.Grains.Storage;

namespace EcommerceBackend.Grains.Analytics;

/// <summary>The persisted state of an analytics entity.</summary>
[GenerateSerializer, Immutable, Alias("ecommerce.AnalyticsEntityState")]
public sealed record AnalyticsEntityState
{
    /// <summary>The version counted (an order's history length; 1 for a registered customer; 0: nothing yet).</summary>
    [Id(0)] public int Version { get; init; }

    /// <summary>The order as counted, while it can still change (a closed order needs only its version).</summary>
    [Id(1)] public AnalyticsOrderRecord? Order { get; init; }
}

/// <inheritdoc cref="IAnalyticsEntityGrain"/>
/// <remarks>
/// The shard stores the change first, then the entity its new version. Should the entity's write fail (the activation
/// then retires, so the next one reads what is stored), the event is delivered again and the same change handed over
/// again; the shard recognizes it (see <see cref="IAnalyticsShardGrain"/>).
/// </remarks>
[CollectionAgeLimit(Minutes = 2)] // an order's events come close together and then rarely; no need to stay in memory
public sealed class AnalyticsEntityGrain(
    [StoredState("entity", StorageNames.Analytics)] IStoredState<AnalyticsEntityState> state) : Grain, IAnalyticsEntityGrain
{
    private string Key => this.GetPrimaryKeyString();

    private IAnalyticsShardGrain Shard => GrainFactory.GetGrain<IAnalyticsShardGrain>(AnalyticsShards.Of(Key));

    public Task<bool> ApplyOrderAsync(OrderDetails order)
    {
        var version = order.History.Count;
        if (version == 0)
        {
            return Task.FromResult(false);
        }

        if (version <= state.State.Version)
        {
            // Counted already. Confirmed again in case the shard still holds it as pending: a write reported as
            // failed that had landed leaves it there, and nothing else would ever clear it.
            Shard.ConfirmAsync(Key, state.State.Version).Ignore();
            return Task.FromResult(false);
        }

        var record = AnalyticsOrderRecord.Of(order);
        return ApplyAsync(new AnalyticsChange { Key = Key, OldVersion = state.State.Version, Old = state.State.Order, Version = version, New = record });
    }

    public Task<bool> ApplyRegistrationAsync(CustomerRegisteredData registration) =>
        state.State.Version > 0
            ? Task.FromResult(false)
            : ApplyAsync(new AnalyticsChange { Key = Key, OldVersion = 0, Version = 1 });

    private async Task<bool> ApplyAsync(AnalyticsChange change)
    {
        var shard = Shard;
        var applied = await shard.ApplyChangeAsync(change);
        await state.CommitAsync(new AnalyticsEntityState { Version = change.Version, Order = change.New is { IsClosed: false } ? change.New : null });
        await shard.ConfirmAsync(Key, change.Version);
        return applied;
    }
}

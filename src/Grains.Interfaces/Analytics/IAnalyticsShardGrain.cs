using EcommerceBackend.Contracts.Events;
using Orleans.Concurrency;

namespace EcommerceBackend.Contracts.Analytics;

/// <summary>
/// One of the fixed set of analytics shards (integer key from 0 to the shard count − 1). A shard keeps the partial
/// totals of the orders and customers whose entity key hashes to it, and the latest state of the products whose id
/// does. It stores each change before it returns, so an event is acknowledged only once its effect is stored.
/// </summary>
[Alias("ecommerce.IAnalyticsShardGrain")]
public interface IAnalyticsShardGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Moves an entity's contribution from its old state to its new one, unless this change (or a later one) was
    /// applied already: the entity may have failed to store its side after the shard stored this one, and then
    /// hands the same change over again. Returns whether anything changed.
    /// </summary>
    [Alias("ApplyChange")]
    Task<bool> ApplyChangeAsync(AnalyticsChange change);

    /// <summary>The entity stored <paramref name="version"/>: the shard may forget what it kept to recognize that change.</summary>
    [Alias("Confirm"), OneWay]
    Task ConfirmAsync(string key, int version);

    /// <summary>Applies a product's state unless a later version (or its deletion) was applied already. Returns whether anything changed.</summary>
    [Alias("ApplyProduct")]
    Task<bool> ApplyProductAsync(ProductUpdatedData product);

    /// <summary>The shard's partial totals, or <see langword="null"/> when its version is not above <paramref name="knownVersion"/>.</summary>
    [Alias("GetPartial")]
    Task<AnalyticsPartial?> GetPartialAsync(long knownVersion);
}

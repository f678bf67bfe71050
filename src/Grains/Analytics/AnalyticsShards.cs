using System.IO.Hashing;
using System.Text;

namespace EcommerceBackend.Grains.Analytics;

/// <summary>Which analytics shard owns an entity.</summary>
public static class AnalyticsShards
{
    /// <summary>
    /// How many shards there are. Part of the persisted layout, so not a setting: with another count an order
    /// would land on a shard that never saw it and count again.
    /// </summary>
    public const int Count = 16;

    /// <summary>The shard of an order, product or customer id: a hash that is the same in every process and run.</summary>
    public static int Of(string id)
    {
        // string.GetHashCode is randomized per process; the shards must agree across silos and restarts.
        Span<byte> utf8 = stackalloc byte[256];
        var hash = Encoding.UTF8.TryGetBytes(id, utf8, out var written)
            ? XxHash32.HashToUInt32(utf8[..written])
            : XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(id));
        return (int)(hash % Count);
    }
}

using EcommerceBackend.Contracts;
using EcommerceBackend.Contracts.Analytics;
using EcommerceBackend.Grains.Analytics;

namespace EcommerceBackend.Grains.Tests.Analytics;

/// <summary>Which shard owns an id must be the same in every process and run, and spread ids over every shard.</summary>
public sealed class AnalyticsShardsTests
{
    [Theory]
    // Fixed answers: a hash that changed between releases (or per process, as string.GetHashCode does) would send
    // a stored order's next event to a shard that never saw it, and the order would count twice.
    [InlineData("65a1f0c2e4b0a1b2c3d4e5f6", 6)]
    [InlineData("000000000000000000000000", 8)]
    [InlineData("", 5)]
    public void An_id_lands_on_the_same_shard_in_every_process(string id, int shard) =>
        Assert.Equal(shard, AnalyticsShards.Of(id));

    [Fact]
    public void A_long_id_hashes_as_its_utf8_bytes_like_a_short_one()
    {
        var id = new string('é', 300);
        var expected = (int)(System.IO.Hashing.XxHash32.HashToUInt32(System.Text.Encoding.UTF8.GetBytes(id)) % AnalyticsShards.Count);
        Assert.Equal(expected, AnalyticsShards.Of(id));
    }

    [Fact]
    public void Ids_spread_over_every_shard()
    {
        var counts = new int[AnalyticsShards.Count];
        for (var i = 0; i < 16_000; i++)
        {
            counts[AnalyticsShards.Of(EntityId.New())]++;
        }

        Assert.All(counts, c => Assert.InRange(c, 700, 1300));
    }
}

using EcommerceBackend.Contracts;

namespace EcommerceBackend.Grains.Tests;

public class EntityIdTests
{
    [Fact]
    public void New_ids_are_well_formed_and_distinct()
    {
        var a = EntityId.New();
        var b = EntityId.New();
        Assert.True(EntityId.IsWellFormed(a));
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Ids_made_on_several_threads_across_many_random_blocks_never_repeat()
    {
        // 4 × 2,000 ids use each thread's block of random bytes about 30 times over.
        var ids = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, _ =>
        {
            for (var i = 0; i < 2000; i++)
            {
                ids.Add(EntityId.New());
            }
        });

        Assert.Equal(8000, ids.Count);
        Assert.All(ids, id => Assert.True(EntityId.IsWellFormed(id)));
        Assert.Equal(8000, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Ids_from_a_name_are_well_formed_and_always_the_same()
    {
        Assert.True(EntityId.IsWellFormed(EntityId.FromName("admin@example.com")));
        Assert.Equal(EntityId.FromName("admin@example.com"), EntityId.FromName("admin@example.com"));
        Assert.NotEqual(EntityId.FromName("admin@example.com"), EntityId.FromName("other@example.com"));
    }
}

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
    public void Ids_from_a_name_are_well_formed_and_always_the_same()
    {
        Assert.True(EntityId.IsWellFormed(EntityId.FromName("admin@example.com")));
        Assert.Equal(EntityId.FromName("admin@example.com"), EntityId.FromName("admin@example.com"));
        Assert.NotEqual(EntityId.FromName("admin@example.com"), EntityId.FromName("other@example.com"));
    }
}

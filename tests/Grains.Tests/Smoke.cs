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
}

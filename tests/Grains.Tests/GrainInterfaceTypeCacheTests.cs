using EcommerceBackend.ClusterHosting;
using EcommerceBackend.Contracts.Orders;
using EcommerceBackend.Grains.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Metadata;
using Orleans.Serialization.TypeSystem;

namespace EcommerceBackend.Grains.Tests;

/// <summary>The silo's cache of grain interface types answers what Orleans' own providers and conventions would.</summary>
public sealed class GrainInterfaceTypeCacheTests(ClusterFixture fixture) : ClusterTest(fixture)
{
    [Fact]
    public void The_cache_is_asked_first_and_names_every_grain_interface_as_Orleans_alone_would()
    {
        var services = Fixture.Cluster.GetSiloServiceProvider();
        var providers = services.GetServices<IGrainInterfaceTypeProvider>().ToList();
        Assert.IsType<GrainInterfaceTypeCache>(providers[0]);

        var resolver = services.GetRequiredService<GrainInterfaceTypeResolver>();
        var orleansAlone = new GrainInterfaceTypeResolver(providers.Skip(1), services.GetRequiredService<TypeConverter>());
        var interfaces = typeof(IOrderGrain).Assembly.GetTypes()
            .Where(t => t.IsInterface && typeof(IAddressable).IsAssignableFrom(t) && !t.ContainsGenericParameters)
            .ToList();
        Assert.NotEmpty(interfaces);
        foreach (var type in interfaces)
        {
            var expected = orleansAlone.GetGrainInterfaceType(type);
            Assert.Equal(expected, resolver.GetGrainInterfaceType(type));
            // The second answer comes from the cache.
            Assert.Equal(expected, resolver.GetGrainInterfaceType(type));
        }
    }
}

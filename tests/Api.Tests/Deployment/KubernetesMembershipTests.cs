using EcommerceBackend.Silo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Hosting.Kubernetes;

namespace EcommerceBackend.Api.Tests.Deployment;

/// <summary>The silo adds Kubernetes hosting only when <c>Cluster:Membership</c> asks for it.</summary>
public sealed class KubernetesMembershipTests
{
    [Theory]
    [InlineData(null, false)]
    [InlineData("Redis", false)]
    [InlineData("Kubernetes", true)]
    [InlineData("kubernetes", true)]
    public void Kubernetes_hosting_is_added_only_when_the_membership_setting_says_Kubernetes(string? membership, bool expected)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var configuration = Configuration(membership);

        builder.UseOrleans(silo => silo.AddKubernetesMembership(configuration));

        Assert.Equal(expected, builder.Services.Any(d => d.ServiceType == typeof(IValidateOptions<KubernetesHostingOptions>)));
    }

    [Fact]
    public void An_unknown_membership_stops_the_silo_naming_the_setting()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var configuration = Configuration("Consul");

        var error = Assert.Throws<OptionsValidationException>(() => builder.UseOrleans(silo => silo.AddKubernetesMembership(configuration)));

        Assert.Contains(KubernetesMembership.Setting, error.Message, StringComparison.Ordinal);
        Assert.Contains("Consul", error.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(string? membership) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [KubernetesMembership.Setting] = membership }).Build();
}

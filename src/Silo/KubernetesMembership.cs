using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace EcommerceBackend.Silo;

/// <summary>
/// On Kubernetes (<c>Cluster:Membership=Kubernetes</c>): the silo takes its name and address from its pod
/// (<c>POD_NAME</c>, <c>POD_IP</c>, <c>POD_NAMESPACE</c>), and the silos watch the pod list, so a silo whose pod is
/// gone is declared dead at once instead of after the membership probes time out. The membership table stays in
/// Redis. Any other run mode is left exactly as it was.
/// </summary>
public static class KubernetesMembership
{
    /// <summary>The setting that turns it on: <c>Redis</c> (the default) or <c>Kubernetes</c>.</summary>
    public const string Setting = "Cluster:Membership";

    public const string Redis = "Redis";
    public const string Kubernetes = "Kubernetes";

    /// <summary>Adds Kubernetes hosting when <see cref="Setting"/> says so; a value it does not know stops the silo, naming the setting.</summary>
    public static ISiloBuilder AddKubernetesMembership(this ISiloBuilder silo, IConfiguration configuration)
    {
        var value = configuration[Setting];
        if (string.IsNullOrEmpty(value) || value.Equals(Redis, StringComparison.OrdinalIgnoreCase))
        {
            return silo;
        }

        if (!value.Equals(Kubernetes, StringComparison.OrdinalIgnoreCase))
        {
            throw new OptionsValidationException(Setting, typeof(string), [$"{Setting} must be {Redis} or {Kubernetes} (was '{value}')."]);
        }

        return silo.UseKubernetesHosting();
    }
}

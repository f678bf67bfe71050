extern alias balancer;
using System.Reflection;
using balancer::EcommerceBackend.Balancer;
using EcommerceBackend.ClusterHosting;
using EcommerceBackend.Records;
using EcommerceBackend.Silo;
using Orleans.Hosting.Kubernetes;

namespace EcommerceBackend.Api.Tests.Deployment;

/// <summary>
/// The environment variables the hosts read, taken from the code itself: the original's names, every options class's
/// <c>Section__Property</c>, the settings read directly, the Kubernetes hosting package's names and the framework's.
/// </summary>
internal static class KnownSettings
{
    private static readonly Assembly[] Hosts =
    [
        typeof(Program).Assembly, typeof(ClusterHostingOptions).Assembly, typeof(RecordsOptions).Assembly,
        typeof(BalancerOptions).Assembly, typeof(KubernetesMembership).Assembly,
    ];

    /// <summary>Read by ASP.NET Core and the .NET host themselves.</summary>
    private static readonly HashSet<string> Framework = new(StringComparer.Ordinal)
    {
        "ASPNETCORE_URLS", "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT", "DOTNET_SHUTDOWNTIMEOUTSECONDS",
    };

    private static readonly HashSet<string> Original = new(
        LegacyEnvironmentVariables.Map.Keys.Concat(["REDIS_HOST", "REDIS_PORT"]), StringComparer.Ordinal);

    private static readonly HashSet<string> Kubernetes = new(StringComparer.Ordinal)
    {
        KubernetesHostingOptions.PodNameEnvironmentVariable,
        KubernetesHostingOptions.PodNamespaceEnvironmentVariable,
        KubernetesHostingOptions.PodIPEnvironmentVariable,
        KubernetesHostingOptions.ClusterIdEnvironmentVariable,
        KubernetesHostingOptions.ServiceIdEnvironmentVariable,
    };

    /// <summary>Configuration section → the keys its options class binds (properties, by name).</summary>
    private static readonly Dictionary<string, Dictionary<string, Type>> Sections = Hosts
        .SelectMany(a => a.GetTypes())
        .Select(t => (Type: t, Section: t.GetField("Section", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true } f ? (string?)f.GetRawConstantValue() : null))
        .Where(x => x.Section is not null)
        .GroupBy(x => x.Section!, StringComparer.OrdinalIgnoreCase)
        .ToDictionary(
            g => g.Key,
            g => g.SelectMany(x => x.Type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
                .GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase).ToDictionary(p => p.Key, p => p.First().PropertyType, StringComparer.OrdinalIgnoreCase),
            StringComparer.OrdinalIgnoreCase);

    /// <summary>Settings read with <c>IConfiguration[key]</c> rather than through an options class.</summary>
    private static readonly HashSet<string> Direct = new(StringComparer.OrdinalIgnoreCase) { KubernetesMembership.Setting };

    /// <summary>Why <paramref name="name"/> is not a setting the hosts read, or null when it is.</summary>
    public static string? Unknown(string name)
    {
        if (Framework.Contains(name) || Original.Contains(name) || Kubernetes.Contains(name))
        {
            return null;
        }

        var parts = name.Split("__");
        if (parts.Length < 2)
        {
            return $"{name} is neither an original variable name, a Section__Key setting nor one the framework reads";
        }

        if (Direct.Contains(string.Join(':', parts)))
        {
            return null;
        }

        if (!Sections.TryGetValue(parts[0], out var keys))
        {
            return $"{name}: no options class binds the section '{parts[0]}'";
        }

        if (!keys.TryGetValue(parts[1], out var type))
        {
            return $"{name}: the '{parts[0]}' options have no '{parts[1]}'";
        }

        // Section__List__0: an element of a list.
        var isList = type.IsArray || (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>));
        return parts.Length == 2 || (parts.Length == 3 && isList && int.TryParse(parts[2], out _))
            ? null
            : $"{name}: '{parts[0]}:{parts[1]}' has no part '{string.Join(':', parts[2..])}'";
    }
}

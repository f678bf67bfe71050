using System.Reflection;
using System.Runtime.CompilerServices;
using EcommerceBackend.ClusterHosting;
using EcommerceBackend.Contracts.Orders;

namespace EcommerceBackend.Api.Tests.Architecture;

/// <summary>
/// The API is a client of the cluster: it is compiled against the contracts (grain interfaces and the records they
/// exchange) and the hosting project, never against the grains; the contracts carry data, not the grains' logic; and
/// the namespaces say which is which.
/// </summary>
public sealed class BoundaryTests
{
    private const string GrainsAssembly = "EcommerceBackend.Grains";
    private static readonly Assembly Contracts = typeof(IOrderGrain).Assembly;
    private static readonly Assembly Hosting = typeof(OrleansConfiguration).Assembly;

    [Fact]
    public void The_api_assembly_does_not_reference_the_grains()
    {
        var references = typeof(Program).Assembly.GetReferencedAssemblies().Select(a => a.Name).ToList();

        Assert.DoesNotContain(GrainsAssembly, references);
        Assert.Contains(Contracts.GetName().Name, references);
        Assert.Contains(Hosting.GetName().Name, references);
    }

    [Fact]
    public void The_contracts_reference_neither_the_grains_nor_any_host()
    {
        var references = Contracts.GetReferencedAssemblies().Select(a => a.Name).ToList();

        Assert.DoesNotContain(GrainsAssembly, references);
        Assert.DoesNotContain(Hosting.GetName().Name, references);
        Assert.DoesNotContain(references, name => name!.StartsWith("Orleans.Runtime", StringComparison.Ordinal) || name.StartsWith("Orleans.Streaming", StringComparison.Ordinal));
    }

    [Fact]
    public void Contract_types_cannot_be_changed_once_made()
    {
        // A wire type whose fields can be set after creation invites logic that changes it: such logic is the
        // grains' (their own state types), and the contract keeps an immutable type for the answer.
        var settable = Contracts.GetExportedTypes()
            .Where(t => t.GetCustomAttribute<GenerateSerializerAttribute>() is not null)
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .Where(p => (p.SetMethod is { IsPublic: true } setter && !IsInitOnly(setter)) || IsMutableCollection(p.PropertyType))
                .Select(p => $"{t.Name}.{p.Name}"))
            .ToList();

        Assert.Empty(settable);
    }

    [Fact]
    public void Contracts_grains_and_hosting_each_keep_to_their_own_namespaces()
    {
        var grains = Assembly.Load(GrainsAssembly);

        Assert.All(Written(Contracts), t => Assert.StartsWith("EcommerceBackend.Contracts", t.Namespace, StringComparison.Ordinal));
        Assert.All(Written(grains), t => Assert.StartsWith("EcommerceBackend.Grains", t.Namespace, StringComparison.Ordinal));
        Assert.All(Written(Hosting), t => Assert.Equal("EcommerceBackend.ClusterHosting", t.Namespace));
    }

    /// <summary>The public types of an assembly less the serializers Orleans generates (namespace <c>OrleansCodeGen…</c>).</summary>
    private static IEnumerable<Type> Written(Assembly assembly) =>
        assembly.GetExportedTypes().Where(t => t.Namespace?.StartsWith("OrleansCodeGen", StringComparison.Ordinal) != true);

    /// <summary>A list, dictionary, set or array: read-only interfaces (<c>IReadOnlyList</c>, …) are what a contract exposes.</summary>
    private static bool IsMutableCollection(Type type) =>
        type.IsClass && type != typeof(string)
        && type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ICollection<>));

    private static bool IsInitOnly(MethodInfo setter) =>
        setter.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit));
}

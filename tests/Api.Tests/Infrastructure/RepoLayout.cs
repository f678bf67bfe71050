using System.Reflection;

namespace EcommerceBackend.Api.Tests.Infrastructure;

/// <summary>Where the repository's own build put the hosts, in the configuration this test assembly was built in.</summary>
internal static class RepoLayout
{
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release: the same as the test assembly.</summary>
    public static string Configuration { get; } =
        typeof(RepoLayout).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration
        ?? throw new InvalidOperationException("The test assembly has no AssemblyConfigurationAttribute.");

    /// <summary>net10.0: the folder the test assembly runs from.</summary>
    public static string TargetFramework { get; } = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Name;

    public static string ApiDll => Output("Api", "EcommerceBackend.Api.dll");

    public static string SiloDll => Output("Silo", "EcommerceBackend.Silo.dll");

    public static string BalancerDll => Output("Balancer", "EcommerceBackend.Balancer.dll");

    private static string Output(string project, string file)
    {
        var path = Path.Combine(Root, "src", project, "bin", Configuration, TargetFramework, file);
        Assert.True(File.Exists(path), $"{path} does not exist: build the solution ({Configuration}) first.");
        return path;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EcommerceBackend.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No EcommerceBackend.sln above {AppContext.BaseDirectory}.");
    }
}

using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EcommerceBackend.Api.Tests.Infrastructure;

namespace EcommerceBackend.Api.Tests.Deployment;

/// <summary>The repository's deployment files, read as the tools read them.</summary>
internal static partial class DeploymentFiles
{
    /// <summary>Placeholders for the variables the compose files require from <c>.env</c>.</summary>
    public static readonly IReadOnlyDictionary<string, string> RequiredVariables = new Dictionary<string, string>
    {
        ["JWT_SECRET"] = "compose-validation-secret-0123456789-abcdef",
        ["EVENTS_SIGNING_KEY"] = "compose-validation-signing-key-0123456789",
        ["ADMIN_PASSWORD"] = "Compose-Validati0n",
        ["RABBITMQ_PASSWORD"] = "compose-validation",
        ["RABBITMQ_READER_PASSWORD"] = "compose-validation-reader",
    };

    public static string Path(params string[] parts) => System.IO.Path.Combine([RepoLayout.Root, .. parts]);

    /// <summary>The compose file as <c>docker-compose config</c> resolves it (anchors merged, variables filled in).</summary>
    public static JsonObject ComposeConfig(string file)
    {
        var (exitCode, output, error) = Run("docker-compose", ["-f", Path(file), "config"], RequiredVariables);
        Assert.True(exitCode == 0, $"docker-compose -f {file} config exited with {exitCode}: {error}");
        return Yaml.Documents(output).Single();
    }

    /// <summary>Dockerfile stage name → its instructions (one per line, continuation lines joined).</summary>
    public static Dictionary<string, List<string>> DockerfileStages()
    {
        var stages = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        List<string>? current = null;
        var text = File.ReadAllText(Path("Dockerfile")).Replace("\\\n", " ", StringComparison.Ordinal);
        foreach (var line in text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')))
        {
            if (StageStart().Match(line) is { Success: true } stage)
            {
                stages[stage.Groups[1].Value] = current = [line];
            }
            else
            {
                current?.Add(line);
            }
        }

        return stages;
    }

    /// <summary>The HEALTHCHECK command of a stage, as its words.</summary>
    public static string[]? HealthCheck(Dictionary<string, List<string>> stages, string stage) =>
        stages[stage].FirstOrDefault(l => l.StartsWith("HEALTHCHECK", StringComparison.Ordinal)) is { } line
            ? [.. JsonNode.Parse(line[line.IndexOf('[', StringComparison.Ordinal)..])!.AsArray().Select(w => w!.GetValue<string>())]
            : null;

    /// <summary>The Kubernetes manifests, every document of every file.</summary>
    public static List<JsonObject> KubernetesDocuments() =>
        Directory.GetFiles(Path("deploy", "kubernetes"), "*.yaml").Order(StringComparer.Ordinal).SelectMany(Yaml.DocumentsOf).ToList();

    /// <summary>The port an <c>http://+:8080</c>-style listening address names.</summary>
    public static int ListeningPort(string urls) => new Uri(urls.Replace("+", "localhost", StringComparison.Ordinal)).Port;

    public static (int ExitCode, string Output, string Error) Run(string program, string[] arguments, IReadOnlyDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = RepoLayout.Root };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            Assert.Fail($"{program} is not installed ({ex.Message}): scripts/test.sh installs Debian's docker-compose; or apt-get install docker-compose.");
            throw;
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), $"{program} did not finish within 60 s.");
            return (process.ExitCode, output.Result, error.Result);
        }
    }

    [GeneratedRegex(@"^FROM\s+\S+\s+AS\s+(\S+)$", RegexOptions.IgnoreCase)]
    private static partial Regex StageStart();
}

using System.Diagnostics;
using System.Globalization;
using System.Text;
using EcommerceBackend.Api.Tests.Infrastructure;
using Orleans.Streaming.RabbitMQ.Tests.Infrastructure;

namespace EcommerceBackend.Api.Tests.RunModes.Scaling;

/// <summary>
/// <c>scripts/cluster.sh</c> as an operator runs it, on ports and a run folder of the test's own, over the test
/// command's Redis and RabbitMQ, with the hosts the tests were built with (no build of its own).
/// </summary>
internal sealed class ClusterScript : IAsyncDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(240);
    private readonly Dictionary<string, string> _environment;
    private readonly StringBuilder _transcript = new();

    public ClusterScript(string run, IReadOnlyDictionary<string, string> settings)
    {
        // Ports numbered from bases: the front door, two API nodes, three silos and their gateways.
        var ports = FreePorts.TakeRange(9);
        FrontPort = ports[0];
        ApiBasePort = ports[1];
        SiloBasePort = ports[3];
        RunDirectory = Directory.CreateTempSubdirectory($"cluster-{run}-").FullName;
        _environment = new Dictionary<string, string>(settings)
        {
            ["PORT"] = Text(FrontPort),
            ["CLUSTER_API_BASE_PORT"] = Text(ApiBasePort),
            ["CLUSTER_SILO_BASE_PORT"] = Text(SiloBasePort),
            ["CLUSTER_GATEWAY_BASE_PORT"] = Text(ports[6]),
            ["CLUSTER_REDIS"] = TestRedis.ConnectionString,
            ["CLUSTER_RABBITMQ_URI"] = TestRabbitMq.ConnectionString,
            ["CLUSTER_RUN_DIR"] = RunDirectory,
            ["CLUSTER_CONFIG"] = RepoLayout.Configuration,
            ["CLUSTER_BUILD"] = "0",
        };
    }

    public int FrontPort { get; }

    public int ApiBasePort { get; }

    public int SiloBasePort { get; }

    public string RunDirectory { get; }

    /// <summary>Everything the script printed so far, and the logs of the processes it started.</summary>
    public string Transcript
    {
        get
        {
            var logs = Directory.Exists(Path.Combine(RunDirectory, "logs"))
                ? Directory.GetFiles(Path.Combine(RunDirectory, "logs")).Order(StringComparer.Ordinal)
                    .Select(f => $"--- {Path.GetFileName(f)} (last lines) ---\n{string.Join('\n', File.ReadLines(f).TakeLast(40))}")
                : [];
            lock (_transcript)
            {
                return $"{_transcript}\n{string.Join('\n', logs)}";
            }
        }
    }

    /// <summary>Runs <c>scripts/cluster.sh</c> with <paramref name="arguments"/> and fails the test, with the transcript, unless it succeeds.</summary>
    public async Task RunAsync(params string[] arguments)
    {
        var info = new ProcessStartInfo("bash")
        {
            WorkingDirectory = RepoLayout.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(RepoLayout.Root, "scripts", "cluster.sh"));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        HostProcess.DropInheritedSettings(info.Environment);
        foreach (var (key, value) in _environment)
        {
            info.Environment[key] = value;
        }

        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        Append($"$ scripts/cluster.sh {string.Join(' ', arguments)}");
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(CommandTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"scripts/cluster.sh {string.Join(' ', arguments)} ran longer than {CommandTimeout.TotalSeconds:0} s.\n{Transcript}");
        }

        // The asynchronous readers may still be handing over the last lines.
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"scripts/cluster.sh {string.Join(' ', arguments)} exited with {process.ExitCode}.\n{Transcript}");
    }

    /// <summary>The process id of a process the script started (<c>silo3</c>, <c>api1</c>, <c>balancer</c>).</summary>
    public int ProcessId(string name) =>
        int.Parse(File.ReadAllText(Path.Combine(RunDirectory, "pids", $"{name}.pid")).Trim(), CultureInfo.InvariantCulture);

    /// <summary>Silo K's silo port.</summary>
    public int SiloPort(int k) => SiloBasePort + k - 1;

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsync("stop");
        }
        finally
        {
            Directory.Delete(RunDirectory, recursive: true);
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_transcript)
            {
                _transcript.AppendLine(line);
            }
        }
    }

    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);
}

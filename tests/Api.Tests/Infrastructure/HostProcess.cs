using System.Diagnostics;
using System.Text;
using Orleans.Streaming.RabbitMQ.Tests.Infrastructure;

namespace EcommerceBackend.Api.Tests.Infrastructure;

/// <summary>A host of the repository (<c>dotnet EcommerceBackend.*.dll</c>) in a process of its own, with its output kept for the test's messages.</summary>
internal sealed class HostProcess : IDisposable
{
    // Settings the test runner's own environment could carry into a child and change what it does.
    private static readonly string[] InheritedPrefixes =
        ["ASPNETCORE_", "DOTNET_ENVIRONMENT", "DOTNET_URLS", "Cluster__", "Api__", "Jwt__", "Admin__", "Redis__", "Kestrel__", "Logging__", "RateLimit__", "ForwardedHeaders__", "Cors__"];

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private HostProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>Whether the test killed it (so its exit is expected).</summary>
    public bool Killed { get; private set; }

    /// <summary>The process id.</summary>
    public int Id => _process.Id;

    public int ExitCode => _process.ExitCode;

    /// <summary>Everything written to stdout and stderr so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts <c>dotnet <paramref name="dll"/></c> in the dll's folder with only the given settings (and the legacy names of none else).</summary>
    public static HostProcess Start(string name, string dll, IReadOnlyDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        DropInheritedSettings(info.Environment);
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info };
        var host = new HostProcess(name, process);
        process.OutputDataReceived += (_, e) => host.Append(e.Data);
        process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        Assert.True(process.Start(), $"{name} did not start.");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>Removes from a child's environment the settings this test process happens to carry (see <see cref="InheritedPrefixes"/>).</summary>
    public static void DropInheritedSettings(IDictionary<string, string?> environment)
    {
        var legacy = EcommerceBackend.ClusterHosting.LegacyEnvironmentVariables.Map.Keys.Concat(["REDIS_HOST", "REDIS_PORT", "URLS"]).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var key in environment.Keys.ToList())
        {
            if (legacy.Contains(key) || InheritedPrefixes.Any(p => key.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
            {
                environment.Remove(key);
            }
        }
    }

    /// <summary>Waits for the process to end by itself and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"{Name} was still running after {timeout.TotalSeconds:0} s. Output:\n{Output}");
        }

        return _process.ExitCode;
    }

    /// <summary>Waits until the output contains <paramref name="text"/>.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        await Eventually.Until(
            $"{Name} to write '{text}' (its output is the last seen)",
            () =>
            {
                // A dead process will never write it: fail at once.
                Assert.False(HasExited, $"{Name} exited with {(HasExited ? ExitCode : 0)} before writing '{text}'. Output:\n{Output}");
                return Output;
            },
            output => output.Contains(text, StringComparison.Ordinal),
            timeout);
    }

    /// <summary>Kills the process at once, as <c>kill -9</c> does: nothing of it runs on to clean up.</summary>
    public void Kill()
    {
        Killed = true;
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(TimeSpan.FromSeconds(15));
    }

    /// <summary>Kills the process and everything it started.</summary>
    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(TimeSpan.FromSeconds(15));
            }
        }
        catch (InvalidOperationException)
        {
            // It ended in between.
        }

        _process.Dispose();
    }

    public override string ToString() => $"--- {Name} ({(HasExited ? $"exited with {ExitCode}" : "running")}) ---\n{Output}";

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    /// <summary>The dotnet host running these tests, so the children use the same runtime.</summary>
    private static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath && File.Exists(hostPath))
        {
            return hostPath;
        }

        var current = Environment.ProcessPath;
        return current is not null && Path.GetFileNameWithoutExtension(current).Equals("dotnet", StringComparison.OrdinalIgnoreCase) ? current : "dotnet";
    }
}

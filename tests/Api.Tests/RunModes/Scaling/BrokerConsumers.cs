using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using EcommerceBackend.Api.Tests.Infrastructure;

namespace EcommerceBackend.Api.Tests.RunModes.Scaling;

/// <summary>
/// Which process consumes which of the provider's queues, as the broker itself sees it (<c>rabbitmqctl</c> on the
/// test command's node, named as <c>scripts/services.sh</c> names it). The provider names each connection after its
/// process id, so a queue's consumer leads to a silo process.
/// </summary>
internal static partial class BrokerConsumers
{
    private const string Bin = "/usr/lib/rabbitmq/bin/rabbitmqctl";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Queue name → the process id consuming it, for the queues whose names start with <paramref name="prefix"/>.</summary>
    public static async Task<IReadOnlyDictionary<string, int>> ByQueueAsync(string prefix)
    {
        var processes = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var fields in await ListAsync("list_connections", "pid", "client_properties"))
        {
            // The connection name is among the client properties: orleans-streams:{provider}:{machine}:{process id}
            if (fields.Length == 2 && ProviderConnection().Match(fields[1]) is { Success: true } match)
            {
                processes[fields[0]] = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            }
        }

        var channels = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var fields in await ListAsync("list_channels", "pid", "connection"))
        {
            if (fields.Length == 2 && processes.TryGetValue(fields[1], out var pid))
            {
                channels[fields[0]] = pid;
            }
        }

        var queues = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var fields in await ListAsync("list_consumers", "queue_name", "channel_pid"))
        {
            if (fields.Length == 2 && fields[0].StartsWith(prefix, StringComparison.Ordinal) && channels.TryGetValue(fields[1], out var pid))
            {
                queues[fields[0]] = pid;
            }
        }

        return queues;
    }

    private static async Task<List<string[]>> ListAsync(string command, params string[] columns)
    {
        var port = new Uri(TestRabbitMq.ConnectionString).Port;
        var info = new ProcessStartInfo(Bin) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-n", $"ecommerce-test-{port}@localhost", "-q", command, "--no-table-headers" }.Concat(columns))
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(CommandTimeout);
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"rabbitmqctl {command} exited with {process.ExitCode}: {await error}");
        return (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(l => l.Split('\t')).ToList();
    }

    [GeneratedRegex(@"orleans-streams:[^:""<>]*:[^:""<>]*:(\d+)")]
    private static partial Regex ProviderConnection();
}

using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using EcommerceBackend.Load.Recording;

namespace EcommerceBackend.Faults;

/// <summary>One fault under load: the load generator's run (its ledger) and when the fault began and ended.</summary>
public sealed class Phase
{
    /// <summary>How long the load runs before the fault, so it meets a cluster at work.</summary>
    private static readonly TimeSpan Lead = TimeSpan.FromSeconds(5);

    public required string Fault { get; init; }

    public required RunSetupRecord Setup { get; init; }

    public required IReadOnlyList<LedgerEntry> Ledger { get; init; }

    public required DateTimeOffset FaultStart { get; init; }

    public required DateTimeOffset FaultEnd { get; init; }

    public IEnumerable<LedgerEntry> Acknowledged => Ledger.Where(e => e.Type == "order");

    public IEnumerable<LedgerEntry> Failures => Ledger.Where(e => e.Type == "failure");

    public int Unresolved => Ledger.Count(e => e.Type == "order-unresolved");

    /// <summary>Runs the load for the phase, does the fault once the load's set-up is done, and waits for both.</summary>
    public static async Task<Phase> RunAsync(string fault, int index, FaultOptions options, LocalCluster cluster, TextWriter log, CancellationToken cancel)
    {
        var ledgerPath = Path.Combine(options.RunDirectory, $"{index:00}-{fault}.ledger.jsonl");
        var (load, output) = StartLoad(options, cluster, ledgerPath, $"{index:00}-{fault}", index, log);
        DateTimeOffset start, end;
        try
        {
            // The ledger's first line is the set-up; the load starts right after it.
            while (!File.Exists(ledgerPath) || new FileInfo(ledgerPath).Length == 0)
            {
                if (load.HasExited)
                {
                    throw new InvalidOperationException($"the load generator exited with {load.ExitCode} before its set-up was done");
                }

                await Task.Delay(200, cancel);
            }

            await Task.Delay(Lead, cancel);
            start = DateTimeOffset.UtcNow;
            log.WriteLine($"[faults] {fault}: begins {start:HH:mm:ss.f}");
            await cluster.InjectAsync(fault, cancel);
            end = DateTimeOffset.UtcNow;
            log.WriteLine($"[faults] {fault}: the cluster is whole again after {(end - start).TotalSeconds:0.0} s");
            await load.WaitForExitAsync(cancel);
        }
        finally
        {
            // Stopped early (Ctrl+C, a failed fault): the load goes too, and its output is written out before it closes.
            if (!load.HasExited)
            {
                load.Kill(entireProcessTree: true);
            }

            await load.WaitForExitAsync(CancellationToken.None);
            await output.DisposeAsync();
        }

        if (load.ExitCode != 0)
        {
            throw new InvalidOperationException($"the load generator exited with {load.ExitCode}");
        }

        var ledger = (await File.ReadAllLinesAsync(ledgerPath, cancel))
            .Where(line => line.Length > 0)
            .Select(line => JsonSerializer.Deserialize<LedgerEntry>(line, EcommerceBackend.Load.Recording.Ledger.Json)!)
            .ToList();
        return new Phase
        {
            Fault = fault,
            Setup = ledger.First(e => e.Type == "setup").Setup!,
            Ledger = ledger,
            FaultStart = start,
            FaultEnd = end,
        };
    }

    private static (Process Load, StreamWriter Output) StartLoad(FaultOptions options, LocalCluster cluster, string ledgerPath, string name, int seed, TextWriter log)
    {
        var dll = Path.Combine(options.Root, "bench", "Load", "bin", options.Configuration, "net10.0", "EcommerceBackend.Load.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        string[] args =
        [
            dll, "--url", cluster.FrontDoor.ToString(), "--scenario", "mix", "--rate", Invariant(options.Rate),
            "--duration", Invariant(options.Phase.TotalSeconds), "--warmup", "0", "--drain", "90", "--timeout", "5", "--retries", "40",
            "--customers", Invariant(Customers(options)), "--products", "20", "--hot-products", "2", "--hot-stock", "30", "--seed", Invariant(seed),
            "--ledger", ledgerPath, "--out", Path.Combine(options.RunDirectory, $"{name}.load.json"), "--quiet",
        ];
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("the load generator did not start");
        var output = Path.Combine(options.RunDirectory, $"{name}.load.txt");
        var writer = new StreamWriter(output) { AutoFlush = true };
        void Write(string? line)
        {
            if (line is not null)
            {
                lock (writer)
                {
                    writer.WriteLine(line);
                }
            }
        }

        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        log.WriteLine($"[faults] load: mix at {Invariant(options.Rate)}/s for {options.Phase.TotalSeconds:0} s (output {output})");
        return (process, writer);
    }

    /// <summary>
    /// Enough customers that no inbox reaches the history limit (<c>Notifications:HistoryLimit</c>, 200 by default)
    /// within a phase: the mix makes about 0.4 notifications per action, and each inbox should stay near 100.
    /// </summary>
    private static int Customers(FaultOptions options) => (int)Math.Clamp(Math.Ceiling(options.Rate * options.Phase.TotalSeconds * 0.4 / 100), 8, 64);

    private static string Invariant(double value) => value.ToString(CultureInfo.InvariantCulture);
}

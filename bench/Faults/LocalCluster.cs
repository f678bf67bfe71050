using System.Diagnostics;
using System.Globalization;

namespace EcommerceBackend.Faults;

/// <summary>
/// The local multi-process cluster of <c>scripts/cluster.sh</c> (two silos, two API nodes behind the balancer, its own
/// Redis and RabbitMQ), on ports and a run folder of this harness, and the faults done to it.
/// </summary>
public sealed class LocalCluster(FaultOptions options, TextWriter log)
{
    private readonly string _script = Path.Combine(options.Root, "scripts", "cluster.sh");
    private readonly string _services = Path.Combine(options.Root, "scripts", "services.sh");

    public Uri FrontDoor => new($"http://127.0.0.1:{options.Port}");

    public string RabbitMqUri => $"amqp://guest:guest@127.0.0.1:{options.RabbitMqPort}/";

    /// <summary>The settings every process of the cluster gets: short membership timings so a dead silo is declared dead in seconds.</summary>
    private Dictionary<string, string> Environment() => new()
    {
        ["PORT"] = options.Port.ToString(CultureInfo.InvariantCulture),
        ["CLUSTER_API_BASE_PORT"] = (options.Port + 1).ToString(CultureInfo.InvariantCulture),
        ["CLUSTER_SILO_BASE_PORT"] = (options.Port + 20).ToString(CultureInfo.InvariantCulture),
        ["CLUSTER_GATEWAY_BASE_PORT"] = (options.Port + 40).ToString(CultureInfo.InvariantCulture),
        ["CLUSTER_REDIS_PORT"] = options.RedisPort.ToString(CultureInfo.InvariantCulture),
        ["CLUSTER_RABBITMQ_PORT"] = options.RabbitMqPort.ToString(CultureInfo.InvariantCulture),
        ["CLUSTER_RABBITMQ_DIST_PORT"] = (options.RabbitMqPort + 10).ToString(CultureInfo.InvariantCulture),
        ["CLUSTER_RUN_DIR"] = options.RunDirectory,
        ["CLUSTER_CONFIG"] = options.Configuration,
        ["CLUSTER_BUILD"] = options.Build ? "1" : "0",
        ["CLUSTER_STOP_TIMEOUT"] = "30",
        // What services.sh reads when the harness restarts one server of the cluster's own.
        ["ECOMMERCE_SERVICES_DIR"] = Path.Combine(options.RunDirectory, "services"),
        ["ECOMMERCE_REDIS_PORT"] = options.RedisPort.ToString(CultureInfo.InvariantCulture),
        ["ECOMMERCE_RABBITMQ_PORT"] = options.RabbitMqPort.ToString(CultureInfo.InvariantCulture),
        ["ECOMMERCE_RABBITMQ_DIST_PORT"] = (options.RabbitMqPort + 10).ToString(CultureInfo.InvariantCulture),
        ["ECOMMERCE_FRESH_DATA"] = "0",
        ["Events__FlushDelay"] = options.FlushDelay.ToString("c", CultureInfo.InvariantCulture),
        ["Events__RecoveryInterval"] = options.RecoveryInterval.ToString("c", CultureInfo.InvariantCulture),
        ["Cluster__Membership__ProbeTimeout"] = options.ProbeTimeout.ToString("c", CultureInfo.InvariantCulture),
        ["Cluster__Membership__NumMissedProbesLimit"] = options.MissedProbes.ToString(CultureInfo.InvariantCulture),
        ["Cluster__Membership__NumVotesForDeathDeclaration"] = "1",
        // The harness registers and logs in all its customers from 127.0.0.1.
        ["RateLimit__LoginPermitLimit"] = "10000000",
    };

    public Task StartAsync() => RunAsync(_script, "start", "--silos", "2", "--apis", "2");

    public Task StopAsync() => RunAsync(_script, "stop");

    /// <summary>Runs one fault to its end: the cluster is whole again (two silos, two API nodes, both servers) when it returns.</summary>
    public async Task InjectAsync(string fault, CancellationToken cancel)
    {
        switch (fault)
        {
            case Fault.KillSilo:
                var (name, pid) = RunningSilos().First();
                log.WriteLine($"[faults] kill -9 {name} (pid {pid})");
                await RunAsync("kill", "-9", pid.ToString(CultureInfo.InvariantCulture));
                // cluster.sh treats a pid file whose process is gone as a start-up failure; the log stays.
                File.Delete(Path.Combine(options.RunDirectory, "pids", $"{name}.pid"));
                await Task.Delay(options.Outage, cancel);
                await RunAsync(_script, "add-silo");
                break;
            case Fault.TermSilo:
                await RunAsync(_script, "remove-silo", RunningSilos().First().Name["silo".Length..]);
                await RunAsync(_script, "add-silo");
                break;
            case Fault.RabbitMq:
                var broker = (await File.ReadAllTextAsync(Path.Combine(options.RunDirectory, "services", "rabbitmq", "rabbitmq.pid"), cancel)).Trim();
                log.WriteLine($"[faults] kill -9 RabbitMQ (pid {broker})");
                await RunAsync("kill", "-9", broker);
                await Task.Delay(options.Outage, cancel);
                await RunAsync(_services, "start", "rabbitmq");
                break;
            case Fault.RedisRestart:
                log.WriteLine("[faults] redis SHUTDOWN (append-only file on), then start it again");
                await RunAsync("redis-cli", "-p", options.RedisPort.ToString(CultureInfo.InvariantCulture), "shutdown");
                await Task.Delay(options.Outage, cancel);
                await RunAsync(_services, "start", "redis");
                break;
            case Fault.RedisRefuse:
                log.WriteLine($"[faults] redis refuses writes (maxmemory 1) for {options.Outage.TotalSeconds:0.#} s");
                await RedisAsync("config", "set", "maxmemory", "1");
                try
                {
                    await Task.Delay(options.Outage, cancel);
                }
                finally
                {
                    await RedisAsync("config", "set", "maxmemory", "0");
                }

                break;
            case Fault.ApiStop:
                await RunAsync(_script, "remove-api", "1");
                await RunAsync(_script, "add-api");
                break;
            default:
                throw new ArgumentException($"Unknown fault '{fault}'.", nameof(fault));
        }
    }

    /// <summary>Stops each silo gracefully after a new one joined, until none of the silos running before is left.</summary>
    public async Task RestartEverySiloAsync()
    {
        foreach (var (name, _) in RunningSilos().ToList())
        {
            await RunAsync(_script, "add-silo");
            await RunAsync(_script, "remove-silo", name["silo".Length..]);
        }
    }

    /// <summary>The queues of the cluster's broker with the messages they hold.</summary>
    public async Task<IReadOnlyDictionary<string, long>> QueuesAsync()
    {
        var output = await OutputOfAsync("/usr/lib/rabbitmq/bin/rabbitmqctl", "-q", "list_queues", "name", "messages");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('\t'))
            .Where(parts => parts.Length == 2 && long.TryParse(parts[1], CultureInfo.InvariantCulture, out _))
            .ToDictionary(parts => parts[0], parts => long.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    private List<(string Name, int Pid)> RunningSilos()
    {
        var pids = Path.Combine(options.RunDirectory, "pids");
        return Directory.GetFiles(pids, "silo*.pid")
            .Select(file => (Name: Path.GetFileNameWithoutExtension(file), Pid: int.Parse(File.ReadAllText(file).Trim(), CultureInfo.InvariantCulture)))
            .Where(silo => IsRunning(silo.Pid))
            .OrderBy(silo => int.Parse(silo.Name["silo".Length..], CultureInfo.InvariantCulture))
            .ToList();
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            return !Process.GetProcessById(pid).HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private Task RedisAsync(params string[] args) => RunAsync("redis-cli", ["-p", options.RedisPort.ToString(CultureInfo.InvariantCulture), .. args]);

    private async Task RunAsync(string file, params string[] args)
    {
        var (code, output) = await ExecuteAsync(file, args, echo: true);
        if (code != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', args)} exited with {code}:\n{output}");
        }
    }

    private async Task<string> OutputOfAsync(string file, params string[] args)
    {
        var (code, output) = await ExecuteAsync(file, args, echo: false);
        return code == 0 ? output : throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', args)} exited with {code}:\n{output}");
    }

    private async Task<(int Code, string Output)> ExecuteAsync(string file, string[] args, bool echo)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = options.Root };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in Environment())
        {
            start.Environment[key] = value;
        }

        start.Environment["RABBITMQ_NODENAME"] = $"ecommerce-test-{options.RabbitMqPort}@localhost";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        var output = new System.Text.StringBuilder();
        var lines = new object();
        void Take(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (lines)
            {
                output.AppendLine(line);
                if (echo)
                {
                    log.WriteLine(line);
                }
            }
        }

        process.OutputDataReceived += (_, e) => Take(e.Data);
        process.ErrorDataReceived += (_, e) => Take(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await process.WaitForExitAsync();
        return (process.ExitCode, output.ToString());
    }
}

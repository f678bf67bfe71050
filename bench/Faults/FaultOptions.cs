using System.Globalization;

namespace EcommerceBackend.Faults;

/// <summary>The faults the harness knows, by the names the command line uses.</summary>
public static class Fault
{
    public const string KillSilo = "kill-silo";
    public const string TermSilo = "term-silo";
    public const string RabbitMq = "rabbitmq";
    public const string RedisRestart = "redis-restart";
    public const string RedisRefuse = "redis-refuse";
    public const string ApiStop = "api-stop";

    public static readonly IReadOnlyList<string> All = [KillSilo, TermSilo, RabbitMq, RedisRestart, RedisRefuse, ApiStop];

    /// <summary>The short run of the test command: one of each kind of server hurt, and a graceful stop of each kind of node; about three minutes.</summary>
    public static readonly IReadOnlyList<string> Short = [KillSilo, TermSilo, RedisRefuse, RabbitMq, ApiStop];
}

/// <summary>The command line: which faults, how much load, which ports and folders. <c>--help</c> prints <see cref="Usage"/>.</summary>
public sealed record FaultOptions
{
    public const string Usage = """
        faults: the fault harness. Starts the local cluster (scripts/cluster.sh: 2 silos, 2 API nodes behind the balancer, its own
        Redis and RabbitMQ), and for each fault runs the load generator's mix (bench/Load) at a steady rate, does the fault once
        the load runs, lets the load finish, and checks the invariants through the API and the broker. Exits 1 when one fails.
          --faults a,b,...    of kill-silo, term-silo, rabbitmq, redis-restart, redis-refuse, api-stop (default: all)
          --short             kill-silo, term-silo, redis-refuse, rabbitmq, api-stop with shorter phases (the test command's run)
          --rate R            orders and reads started per second (default 40)
          --phase S           seconds of load per fault (default 30; --short 20)
          --outage S          how long a killed server stays down, or Redis refuses writes (default 4)
          --port P            the front door (default 5610); API nodes, silos and gateways use P+1.., P+20.., P+40..
          --redis-port P      (default 16610)   --rabbitmq-port P (default 25610; its distribution port P+10)
          --config C          Release (default) or Debug: the build the processes run
          --no-build          use the build there is
          --out FILE          the figures as JSON (default: faults.json in the run folder)
        """;

    public required string Root { get; init; }

    public IReadOnlyList<string> Faults { get; init; } = Fault.All;

    public double Rate { get; init; } = 40;

    public TimeSpan Phase { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan Outage { get; init; } = TimeSpan.FromSeconds(4);

    public int Port { get; init; } = 5610;

    public int RedisPort { get; init; } = 16610;

    public int RabbitMqPort { get; init; } = 25610;

    public string Configuration { get; init; } = "Release";

    public bool Build { get; init; } = true;

    public required string RunDirectory { get; init; }

    public string? OutPath { get; init; }

    // Cluster timings, short so a dead silo is declared dead and its outbox claimed within seconds.
    public TimeSpan FlushDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan RecoveryInterval { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromSeconds(2);

    public int MissedProbes { get; init; } = 2;

    /// <summary>
    /// The README's replay window for these settings: W = flush delay + the time to declare a silo dead + the recovery
    /// interval. Declaring takes the missed probes plus one probe period; a few seconds more cover two loaded cores.
    /// </summary>
    public TimeSpan ReplayWindow => FlushDelay + (ProbeTimeout * (MissedProbes + 1)) + RecoveryInterval + TimeSpan.FromSeconds(6);

    public static FaultOptions Parse(string[] args, string root)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var flags = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "--short" or "--no-build" or "--help" or "-h")
            {
                flags.Add(args[i]);
            }
            else if (args[i].StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Length)
            {
                values[args[i][2..]] = args[++i];
            }
            else
            {
                throw new ArgumentException($"Unexpected argument '{args[i]}'.");
            }
        }

        if (flags.Contains("--help") || flags.Contains("-h"))
        {
            throw new HelpRequestedException();
        }

        string[] known = ["faults", "rate", "phase", "outage", "port", "redis-port", "rabbitmq-port", "config", "out"];
        if (values.Keys.FirstOrDefault(k => !known.Contains(k)) is { } unknown)
        {
            throw new ArgumentException($"Unknown option --{unknown}.");
        }

        var isShort = flags.Contains("--short");
        var faults = values.TryGetValue("faults", out var list)
            ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : isShort ? Fault.Short : Fault.All;
        if (faults.FirstOrDefault(f => !Fault.All.Contains(f)) is { } bad)
        {
            throw new ArgumentException($"Unknown fault '{bad}'; known: {string.Join(", ", Fault.All)}.");
        }

        var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var config = values.GetValueOrDefault("config", "Release");
        return new FaultOptions
        {
            Root = root,
            Faults = [.. faults],
            Rate = Number(values, "rate", 40, 1, 500),
            Phase = TimeSpan.FromSeconds(Number(values, "phase", isShort ? 20 : 30, 5, 600)),
            Outage = TimeSpan.FromSeconds(Number(values, "outage", 4, 0, 120)),
            Port = (int)Number(values, "port", 5610, 1024, 60000),
            RedisPort = (int)Number(values, "redis-port", 16610, 1024, 65000),
            RabbitMqPort = (int)Number(values, "rabbitmq-port", 25610, 1024, 65000),
            Configuration = config is "Release" or "Debug" ? config : throw new ArgumentException("--config is Release or Debug."),
            Build = !flags.Contains("--no-build"),
            RunDirectory = Path.Combine(root, ".run", $"faults-{stamp}"),
            OutPath = values.GetValueOrDefault("out"),
        };
    }

    private static double Number(Dictionary<string, string> values, string name, double fallback, double min, double max)
    {
        if (!values.TryGetValue(name, out var text))
        {
            return fallback;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new ArgumentException($"--{name} must be a number from {min} to {max}; got '{text}'.");
    }
}

/// <summary>Thrown by <see cref="FaultOptions.Parse"/> for <c>--help</c>.</summary>
public sealed class HelpRequestedException : Exception;

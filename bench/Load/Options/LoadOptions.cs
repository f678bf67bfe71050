using System.Globalization;

namespace EcommerceBackend.Load.Options;

/// <summary>Which way arrivals are paced.</summary>
public enum LoadModel
{
    /// <summary>A fixed number of virtual users, each starting its next action when the last one ended.</summary>
    ClosedLoop,

    /// <summary>Actions start at a fixed rate whatever the answers take, up to a cap of actions in flight.</summary>
    OpenLoop,
}

/// <summary>Everything a run needs; <see cref="Parse"/> reads it from the command line, a harness may build it directly.</summary>
public sealed record LoadOptions
{
    public const int MaxDurationSeconds = 3600;

    public Uri Url { get; init; } = new("http://127.0.0.1:5000");

    /// <summary>Where the ceiling phase sends <c>GET /api/bench/ceiling</c>: bare Kestrel (<c>bench/Kestrel</c>), or the API itself when unset.</summary>
    public Uri? CeilingUrl { get; init; }

    /// <summary>browse, account, order, cancel, mix or ceiling.</summary>
    public string Scenario { get; init; } = "mix";

    /// <summary>The weights of the mix's actions (see <see cref="Scenarios.ActionKind"/>).</summary>
    public IReadOnlyDictionary<string, int> Mix { get; init; } = Scenarios.Mix.DefaultWeights;

    public LoadModel Model => Rate is null ? LoadModel.ClosedLoop : LoadModel.OpenLoop;

    /// <summary>Virtual users of the closed loop.</summary>
    public int Concurrency { get; init; } = 16;

    /// <summary>Actions started per second (open loop); null for the closed loop.</summary>
    public double? Rate { get; init; }

    /// <summary>Open loop: actions in flight beyond this are not started but counted as dropped arrivals.</summary>
    public int MaxInFlight { get; init; } = 512;

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan Warmup { get; init; } = TimeSpan.Zero;

    /// <summary>No action starts once this many requests were sent in a phase (retries still finish, within <see cref="Drain"/>).</summary>
    public long MaxRequests { get; init; } = 200_000;

    /// <summary>How long actions in flight may go on after the phase ends (their retries included) before they are cut.</summary>
    public TimeSpan Drain { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>One request's timeout; a timed-out order is retried with the same Idempotency-Key.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries of an order or a cancellation after a 5xx, a 429, a timeout or a broken connection.</summary>
    public int Retries { get; init; } = 5;

    /// <summary>Run the bare ceiling (<c>GET /api/bench/ceiling</c>) first, with the same load, and report the ratio.</summary>
    public bool Ceiling { get; init; }

    public int Products { get; init; } = 50;

    public int Stock { get; init; } = 1_000_000;

    public int HotProducts { get; init; } = 3;

    public int HotStock { get; init; } = 500;

    /// <summary>The chance that an order line is for a hot product.</summary>
    public double HotShare { get; init; } = 0.25;

    public int MaxLines { get; init; } = 3;

    /// <summary>Customers registered in the setup (0: one per virtual user, at most 64).</summary>
    public int Customers { get; init; }

    public string AdminEmail { get; init; } = "admin@example.com";

    public string AdminPassword { get; init; } = "Admin123!";

    public string? OutPath { get; init; }

    public string? LedgerPath { get; init; }

    public int Seed { get; init; } = 1;

    public bool Quiet { get; init; }

    /// <summary>After the run, compare every product's stock with what the acknowledged orders and cancellations explain.</summary>
    public bool CheckStock { get; init; }

    /// <summary>Exit non-zero when any request ended in a 5xx or a transport failure (or the stock check found a mismatch).</summary>
    public bool Strict { get; init; }

    public int CustomerCount => Customers > 0 ? Customers : Math.Clamp(Concurrency, 1, 64);

    public const string Usage = """
        EcommerceBackend.Load — a load generator for the EcommerceBackend API (loopback targets only)

          --url URL               target (http://127.0.0.1:5000); only 127.0.0.0/8, ::1 or localhost
          --scenario NAME         browse | account | order | cancel | mix | ceiling (mix)
          --mix k=w,...           weights of the mix: get, list, search, register, login, order, cancel, my-orders
          --concurrency N         closed loop: N virtual users, each acting as soon as its last action ended (16)
          --rate R                open loop instead: R actions started per second, whatever the answers take
          --max-inflight N        open loop: arrivals beyond N actions in flight are dropped and counted (512)
          --duration S            seconds of measured load per phase (10; at most 3600)
          --warmup S              seconds of unmeasured load before each phase (0)
          --max-requests N        no action starts after N requests in a phase (200000)
          --drain S               how long actions in flight may finish after a phase, retries included (10)
          --timeout S             one request's timeout (10)
          --retries N             retries of an order or a cancellation after a 5xx, 429, timeout or broken connection (5)
          --ceiling               first run GET /api/bench/ceiling with the same load and report the ratio
                                  (the API needs Api__EnableBenchmarkEndpoint=true)
          --ceiling-url URL       send the ceiling phase to bare Kestrel there (bench/Kestrel) instead of the API
          --products N            plentiful products created in the setup (50), each with --stock (1000000)
          --hot-products N        hot products (3), each with only --hot-stock units (500)
          --hot-share P           chance that an order line is for a hot product (0.25)
          --max-lines N           lines per order, 1 to N (3)
          --customers N           customers registered in the setup (one per virtual user, at most 64)
          --admin-email E         the administrator that creates the products (admin@example.com)
          --admin-password P      (Admin123!, as the embedded mode seeds)
          --out FILE              results as JSON: options, setup, per-phase and per-endpoint figures
          --ledger FILE           JSON lines: the setup, every order acknowledged with 201, every rejected,
                                  unresolved or cancelled order, and every failure seen by the client
          --check-stock           after the run, compare each product's stock with its initial stock less the units
                                  of the orders acknowledged and not cancelled (unsettled ones widen the range)
          --seed N                seed of the generator's choices (1)
          --strict                exit 3 when any request ended in a 5xx or a transport failure, or the stock is off
          --quiet                 no progress line
        """;

    /// <summary>Reads the command line; throws <see cref="ArgumentException"/> with a message for the user.</summary>
    public static LoadOptions Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var flags = new HashSet<string>(StringComparer.Ordinal);
        string[] flagNames = ["--ceiling", "--check-stock", "--quiet", "--strict", "--help", "-h"];
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (flagNames.Contains(arg))
            {
                flags.Add(arg);
            }
            else if (arg.StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Count)
            {
                values[arg[2..]] = args[++i];
            }
            else
            {
                throw new ArgumentException($"Unexpected argument '{arg}'.");
            }
        }

        if (flags.Contains("--help") || flags.Contains("-h"))
        {
            throw new HelpRequestedException();
        }

        var known = new HashSet<string>(StringComparer.Ordinal)
        {
            "url", "scenario", "mix", "concurrency", "rate", "max-inflight", "duration", "warmup", "max-requests", "drain", "timeout",
            "retries", "products", "stock", "hot-products", "hot-stock", "hot-share", "max-lines", "customers", "admin-email",
            "admin-password", "out", "ledger", "seed", "ceiling-url",
        };
        if (values.Keys.FirstOrDefault(k => !known.Contains(k)) is { } unknown)
        {
            throw new ArgumentException($"Unknown option --{unknown}.");
        }

        var defaults = new LoadOptions();
        var options = new LoadOptions
        {
            Url = values.TryGetValue("url", out var url) ? LoopbackTarget.Check(url) : defaults.Url,
            CeilingUrl = values.TryGetValue("ceiling-url", out var ceilingUrl) ? LoopbackTarget.Check(ceilingUrl) : null,
            Scenario = values.GetValueOrDefault("scenario", defaults.Scenario),
            Mix = values.TryGetValue("mix", out var mix) ? Scenarios.Mix.ParseWeights(mix) : defaults.Mix,
            Concurrency = Int(values, "concurrency", defaults.Concurrency, 1, 10_000),
            Rate = values.ContainsKey("rate") ? Number(values, "rate", 0, 0.1, 1_000_000) : null,
            MaxInFlight = Int(values, "max-inflight", defaults.MaxInFlight, 1, 100_000),
            Duration = Seconds(values, "duration", defaults.Duration, 0.1, MaxDurationSeconds),
            Warmup = Seconds(values, "warmup", defaults.Warmup, 0, MaxDurationSeconds),
            MaxRequests = (long)Number(values, "max-requests", defaults.MaxRequests, 1, 100_000_000),
            Drain = Seconds(values, "drain", defaults.Drain, 0, 600),
            Timeout = Seconds(values, "timeout", defaults.Timeout, 0.01, 600),
            Retries = Int(values, "retries", defaults.Retries, 0, 100),
            Ceiling = flags.Contains("--ceiling"),
            CheckStock = flags.Contains("--check-stock"),
            Products = Int(values, "products", defaults.Products, 1, 10_000),
            Stock = Int(values, "stock", defaults.Stock, 1, 1_000_000_000),
            HotProducts = Int(values, "hot-products", defaults.HotProducts, 0, 1000),
            HotStock = Int(values, "hot-stock", defaults.HotStock, 0, 1_000_000_000),
            HotShare = Number(values, "hot-share", defaults.HotShare, 0, 1),
            MaxLines = Int(values, "max-lines", defaults.MaxLines, 1, 50),
            Customers = Int(values, "customers", 0, 0, 10_000),
            AdminEmail = values.GetValueOrDefault("admin-email", defaults.AdminEmail),
            AdminPassword = values.GetValueOrDefault("admin-password", defaults.AdminPassword),
            OutPath = values.GetValueOrDefault("out"),
            LedgerPath = values.GetValueOrDefault("ledger"),
            Seed = Int(values, "seed", defaults.Seed, int.MinValue, int.MaxValue),
            Quiet = flags.Contains("--quiet"),
            Strict = flags.Contains("--strict"),
        };
        options.Validate();
        return options;
    }

    /// <summary>Checks what <see cref="Parse"/> cannot see field by field; a harness building options calls it too.</summary>
    public void Validate()
    {
        LoopbackTarget.Check(Url.ToString());
        if (CeilingUrl is not null)
        {
            LoopbackTarget.Check(CeilingUrl.ToString());
        }

        if (!Scenarios.Mix.Scenarios.Contains(Scenario))
        {
            throw new ArgumentException($"Unknown scenario '{Scenario}'; choose one of {string.Join(", ", Scenarios.Mix.Scenarios)}.");
        }

        if (Duration > TimeSpan.FromSeconds(MaxDurationSeconds))
        {
            throw new ArgumentException($"--duration is at most {MaxDurationSeconds} seconds.");
        }

        if (HotShare > 0 && HotProducts == 0)
        {
            throw new ArgumentException("--hot-share needs at least one --hot-products.");
        }
    }

    private static int Int(Dictionary<string, string> values, string name, int fallback, int min, int max) =>
        (int)Number(values, name, fallback, min, max, wholeNumber: true);

    private static TimeSpan Seconds(Dictionary<string, string> values, string name, TimeSpan fallback, double min, double max) =>
        TimeSpan.FromSeconds(Number(values, name, fallback.TotalSeconds, min, max));

    private static double Number(Dictionary<string, string> values, string name, double fallback, double min, double max, bool wholeNumber = false)
    {
        if (!values.TryGetValue(name, out var text))
        {
            return fallback;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            || value < min || value > max || (wholeNumber && value != Math.Floor(value)))
        {
            throw new ArgumentException($"--{name} must be a {(wholeNumber ? "whole number" : "number")} from {min} to {max}; got '{text}'.");
        }

        return value;
    }
}

/// <summary>Thrown by <see cref="LoadOptions.Parse"/> for <c>--help</c>.</summary>
public sealed class HelpRequestedException() : Exception("help requested");

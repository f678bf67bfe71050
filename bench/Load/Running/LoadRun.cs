using System.Diagnostics;
using System.Globalization;
using EcommerceBackend.Load.Options;
using EcommerceBackend.Load.Recording;
using EcommerceBackend.Load.Scenarios;
using EcommerceBackend.Load.Setup;

namespace EcommerceBackend.Load.Running;

/// <summary>
/// A whole run: the setup through the API, the ceiling phase when asked, the scenario's phase (each after its warm-up),
/// and the report. A harness calls <see cref="RunAsync"/>; the command line is a thin shell around it.
/// </summary>
public static class LoadRun
{
    public static async Task<LoadReport> RunAsync(LoadOptions options, TextWriter? progress, CancellationToken cancel)
    {
        options.Validate();
        var clock = Stopwatch.StartNew();
        var startedAt = DateTimeOffset.UtcNow;
        var cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
        using var http = Client(options, options.Url);
        using var ceilingHttp = options.CeilingUrl is null ? null : Client(options, options.CeilingUrl);
        await using var ledger = new Ledger(options.LedgerPath, clock);
        var api = new ApiClient(http, ledger, options.Timeout);
        var ceilingApi = ceilingHttp is null ? api : new ApiClient(ceilingHttp, ledger, options.Timeout);

        progress?.WriteLine($"load: {options.Url} — setup: {options.HotProducts} hot + {options.Products} products, {options.CustomerCount} customers");
        var world = await World.CreateAsync(api, options, cancel);
        ledger.Add(new LedgerEntry { Type = "setup", Phase = "setup", Setup = world.Record });

        var phases = new List<PhaseReport>();
        if (options.Ceiling)
        {
            await CheckCeilingAsync(ceilingApi, cancel);
            phases.Add(await RunPhaseAsync("ceiling", ceilingApi, world, options, ledger, progress, cancel));
        }

        if (!(options.Ceiling && options.Scenario == "ceiling"))
        {
            phases.Add(await RunPhaseAsync(options.Scenario, api, world, options, ledger, progress, cancel));
        }

        var stockCheck = options.CheckStock ? await CheckStockAsync(api, world, cancel) : null;
        if (stockCheck is not null)
        {
            progress?.WriteLine($"stock check: {stockCheck.Products} products, {stockCheck.Mismatches.Count} outside what the acknowledged orders and cancellations explain");
        }

        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuAtStart;
        var ceiling = phases.FirstOrDefault(p => p.Scenario == "ceiling");
        var main = phases[^1];
        return new LoadReport
        {
            Target = options.Url.ToString(),
            StartedAt = startedAt,
            FinishedAt = DateTimeOffset.UtcNow,
            Options = OptionsRecord.From(options),
            Setup = world.Record,
            Phases = phases,
            CeilingRatio = ceiling is not null && main != ceiling && ceiling.RequestsPerSecond > 0
                ? Math.Round(main.RequestsPerSecond / ceiling.RequestsPerSecond, 3)
                : null,
            GeneratorCpuSeconds = Math.Round(cpu.TotalSeconds, 2),
            GeneratorCores = Math.Round(cpu.TotalSeconds / clock.Elapsed.TotalSeconds, 2),
            Ledger = options.LedgerPath,
            StockCheck = stockCheck,
        };
    }

    /// <summary>
    /// Reads every product of the run and compares its stock with its initial stock less the units of the orders
    /// acknowledged and not cancelled; orders or cancellations that were never settled widen the range.
    /// </summary>
    private static async Task<StockCheckReport> CheckStockAsync(ApiClient api, World world, CancellationToken cancel)
    {
        (api.Stats, api.Phase) = (new PhaseStats(), "stock check");
        var mismatches = new List<StockMismatch>();
        foreach (var (product, min, max) in world.ExpectedStock())
        {
            var answer = await api.SendAsync("GET /api/products/{id}", HttpMethod.Get, $"/api/products/{product.Id}", null, null, cancel);
            long? actual = answer.Status == 200 ? answer.Json()?["stock"]?.GetValue<long>() : null;
            if (actual is not { } stock || stock < min || stock > max)
            {
                mismatches.Add(new StockMismatch(product.Id, product.InitialStock, min, max, actual, answer.Status));
            }
        }

        return new StockCheckReport(world.Products.Count, mismatches);
    }

    private static HttpClient Client(LoadOptions options, Uri url) => new(new SocketsHttpHandler
    {
        // Never follow an answer elsewhere: the target was checked to be this machine, its redirects were not.
        AllowAutoRedirect = false,
        UseProxy = false,
        MaxConnectionsPerServer = options.Model == LoadModel.ClosedLoop ? options.Concurrency : options.MaxInFlight,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        ConnectTimeout = options.Timeout,
    })
    {
        BaseAddress = url,
        Timeout = Timeout.InfiniteTimeSpan,
    };

    private static async Task CheckCeilingAsync(ApiClient api, CancellationToken cancel)
    {
        var answer = await api.SendAsync("GET /api/bench/ceiling", HttpMethod.Get, "/api/bench/ceiling", null, null, cancel, expected: [404]);
        if (answer.Status != 200)
        {
            throw new SetupException(
                $"GET /api/bench/ceiling answered {(answer.Failure?.ToString() ?? answer.Status.ToString(CultureInfo.InvariantCulture))}: "
                + "start the API with Api__EnableBenchmarkEndpoint=true for --ceiling.");
        }
    }

    /// <summary>The warm-up (measured apart and dropped) and then the measured phase of one scenario.</summary>
    private static async Task<PhaseReport> RunPhaseAsync(
        string scenario, ApiClient api, World world, LoadOptions options, Ledger ledger, TextWriter? progress, CancellationToken cancel)
    {
        var actions = Mix.For(scenario, options.Mix);
        if (options.Warmup > TimeSpan.Zero)
        {
            await MeasureAsync($"{scenario} warm-up", scenario, options.Warmup, actions, api, world, options, ledger, progress, cancel);
        }

        return await MeasureAsync(scenario, scenario, options.Duration, actions, api, world, options, ledger, progress, cancel);
    }

    private static async Task<PhaseReport> MeasureAsync(
        string phase, string scenario, TimeSpan duration, IReadOnlyList<(ActionKind Kind, int Weight)> actions,
        ApiClient api, World world, LoadOptions options, Ledger ledger, TextWriter? progress, CancellationToken cancel)
    {
        var stats = new PhaseStats();
        (api.Stats, api.Phase) = (stats, phase);
        var total = actions.Sum(a => a.Weight);
        using var stopStarting = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        using var stopAll = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        stopStarting.CancelAfter(duration);
        stopAll.CancelAfter(duration + options.Drain);
        var clock = Stopwatch.StartNew();
        var cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
        var inFlight = 0L;
        using var ticker = new PeriodicTimer(TimeSpan.FromSeconds(1));
        var printer = progress is null ? Task.CompletedTask : PrintProgressAsync(phase, duration, stats, clock, () => Interlocked.Read(ref inFlight), ticker, progress);

        bool MayStart() => !stopStarting.IsCancellationRequested && stats.Requests < options.MaxRequests;

        async Task ActAsync(VirtualUser user, Random random)
        {
            Interlocked.Increment(ref inFlight);
            try
            {
                await user.RunAsync(Mix.Pick(actions, total, random), stopAll.Token);
            }
            catch (OperationCanceledException) when (stopAll.IsCancellationRequested)
            {
                // Cut at the end of the drain; an order says so in the ledger.
            }
            finally
            {
                Interlocked.Decrement(ref inFlight);
            }
        }

        if (options.Model == LoadModel.ClosedLoop)
        {
            await Task.WhenAll(Enumerable.Range(0, options.Concurrency).Select(i => Task.Run(async () =>
            {
                var random = new Random(HashCode.Combine(options.Seed, phase, i));
                var user = new VirtualUser(api, world, options, ledger, world.Customers[i % world.Customers.Count], random);
                while (MayStart())
                {
                    await ActAsync(user, random);
                }
            })));
        }
        else
        {
            await OpenLoopAsync(options, world, api, ledger, phase, stats, MayStart, ActAsync, () => Interlocked.Read(ref inFlight), stopStarting.Token);
        }

        var seconds = clock.Elapsed.TotalSeconds;
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuAtStart).TotalSeconds;
        ticker.Dispose();
        await printer;
        return new PhaseReport
        {
            Name = phase,
            Scenario = scenario,
            Seconds = Math.Round(seconds, 3),
            Requests = stats.Requests,
            RequestsPerSecond = Math.Round(stats.Requests / seconds, 1),
            ServerErrors = stats.ServerErrors,
            ClientErrors = stats.ClientErrors,
            Failures = stats.Failures,
            DroppedArrivals = stats.DroppedArrivals,
            GeneratorCores = Math.Round(cpu / seconds, 2),
            Orders = new OrderCounts(stats.OrdersAcknowledged, stats.OrdersRejected, stats.OrdersUnresolved, stats.OrdersRetried, stats.Cancellations),
            Endpoints = stats.Summarize(seconds),
        };
    }

    /// <summary>Starts actions at the rate whatever the answers take; when too many are in flight an arrival is dropped and counted.</summary>
    private static async Task OpenLoopAsync(
        LoadOptions options, World world, ApiClient api, Ledger ledger, string phase, PhaseStats stats, Func<bool> mayStart,
        Func<VirtualUser, Random, Task> act, Func<long> inFlight, CancellationToken stopStarting)
    {
        var interval = TimeSpan.FromSeconds(1 / options.Rate!.Value);
        var running = new List<Task>();
        var clock = Stopwatch.StartNew();
        var arrivals = 0L;
        while (mayStart())
        {
            // Every arrival due by now starts now: a slow tick does not lower the rate.
            while (arrivals * interval <= clock.Elapsed && mayStart())
            {
                var random = new Random(HashCode.Combine(options.Seed, phase, arrivals));
                var customer = world.Customers[(int)(arrivals % world.Customers.Count)];
                arrivals++;
                if (inFlight() >= options.MaxInFlight)
                {
                    Interlocked.Increment(ref stats.DroppedArrivals);
                    continue;
                }

                running.Add(act(new VirtualUser(api, world, options, ledger, customer, random), random));
            }

            running.RemoveAll(t => t.IsCompleted);
            var wait = arrivals * interval - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wait, stopStarting);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }

        await Task.WhenAll(running);
    }

    private static async Task PrintProgressAsync(
        string phase, TimeSpan duration, PhaseStats stats, Stopwatch clock, Func<long> inFlight, PeriodicTimer ticker, TextWriter output)
    {
        var last = 0L;
        var lastTime = TimeSpan.Zero;
        try
        {
            while (await ticker.WaitForNextTickAsync())
            {
                var (now, requests) = (clock.Elapsed, stats.Requests);
                var rate = (requests - last) / (now - lastTime).TotalSeconds;
                (last, lastTime) = (requests, now);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"[{phase} {now.TotalSeconds,5:0.0}s/{duration.TotalSeconds:0}s] {requests} req, {rate:0}/s now, 4xx {stats.ClientErrors}, 5xx {stats.ServerErrors}, "
                    + $"no answer {stats.Failures} | orders 201 {stats.OrdersAcknowledged}, 4xx {stats.OrdersRejected}, retried {stats.OrdersRetried}, "
                    + $"unresolved {stats.OrdersUnresolved}, cancelled {stats.Cancellations} | in flight {inFlight()}"));
            }
        }
        catch (ObjectDisposedException)
        {
            // The phase ended.
        }
    }
}

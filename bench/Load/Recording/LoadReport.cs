using System.Globalization;
using System.Text;
using EcommerceBackend.Load.Options;

namespace EcommerceBackend.Load.Recording;

/// <summary>What happened to the orders of a phase.</summary>
public sealed record OrderCounts(long Acknowledged, long Rejected, long Unresolved, long Retried, long Cancelled);

/// <summary>One measured phase: a scenario under the run's load.</summary>
public sealed record PhaseReport
{
    public required string Name { get; init; }

    public required string Scenario { get; init; }

    /// <summary>From the first action to the last one ended (the drain included).</summary>
    public double Seconds { get; init; }

    public long Requests { get; init; }

    public double RequestsPerSecond { get; init; }

    public long ClientErrors { get; init; }

    public long ServerErrors { get; init; }

    /// <summary>Requests without an answer (timeouts, broken connections).</summary>
    public long Failures { get; init; }

    /// <summary>Open loop: arrivals not started because too many actions were in flight.</summary>
    public long DroppedArrivals { get; init; }

    /// <summary>The generator's own CPU during the phase, in cores: near the machine's count, the generator is the limit.</summary>
    public double GeneratorCores { get; init; }

    public required OrderCounts Orders { get; init; }

    public required IReadOnlyList<EndpointSummary> Endpoints { get; init; }
}

/// <summary>The options as the results record them.</summary>
public sealed record OptionsRecord
{
    public required string Scenario { get; init; }

    public required string Model { get; init; }

    public int? Concurrency { get; init; }

    public double? Rate { get; init; }

    public double DurationSeconds { get; init; }

    public double WarmupSeconds { get; init; }

    public long MaxRequests { get; init; }

    public double TimeoutSeconds { get; init; }

    public int Retries { get; init; }

    public required IReadOnlyDictionary<string, int> Mix { get; init; }

    public int HotProducts { get; init; }

    public int HotStock { get; init; }

    public double HotShare { get; init; }

    public int Seed { get; init; }

    public static OptionsRecord From(LoadOptions o) => new()
    {
        Scenario = o.Scenario,
        Model = o.Model == LoadModel.ClosedLoop ? "closed" : "open",
        Concurrency = o.Model == LoadModel.ClosedLoop ? o.Concurrency : null,
        Rate = o.Rate,
        DurationSeconds = o.Duration.TotalSeconds,
        WarmupSeconds = o.Warmup.TotalSeconds,
        MaxRequests = o.MaxRequests,
        TimeoutSeconds = o.Timeout.TotalSeconds,
        Retries = o.Retries,
        Mix = o.Mix,
        HotProducts = o.HotProducts,
        HotStock = o.HotStock,
        HotShare = o.HotShare,
        Seed = o.Seed,
    };
}

/// <summary>The results of a run, written as JSON by <c>--out</c> and printed as text.</summary>
public sealed record LoadReport
{
    public string Tool { get; init; } = "EcommerceBackend.Load";

    public required string Target { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset FinishedAt { get; init; }

    public required OptionsRecord Options { get; init; }

    public required RunSetupRecord Setup { get; init; }

    public required IReadOnlyList<PhaseReport> Phases { get; init; }

    /// <summary>The scenario's requests/s over the ceiling's, both measured by this generator in this run.</summary>
    public double? CeilingRatio { get; init; }

    /// <summary>CPU the generator itself used: on a shared machine it takes its share from the server.</summary>
    public double GeneratorCpuSeconds { get; init; }

    public double GeneratorCores { get; init; }

    public string? Ledger { get; init; }

    /// <summary>With <c>--check-stock</c>: the products whose stock the acknowledged orders do not explain.</summary>
    public StockCheckReport? StockCheck { get; init; }

    /// <summary>Whether anything ended in a 5xx or without an answer, or a product's stock is off.</summary>
    public bool HasServerFailures => Phases.Any(p => p.ServerErrors > 0 || p.Failures > 0) || StockCheck?.Mismatches.Count > 0;

    public string ToText()
    {
        var text = new StringBuilder();
        void Line(FormattableString line) => text.AppendLine(line.ToString(CultureInfo.InvariantCulture));

        foreach (var phase in Phases)
        {
            Line($"");
            Line($"{phase.Name}: {phase.Requests} requests in {phase.Seconds:0.0} s = {phase.RequestsPerSecond:0} req/s (generator {phase.GeneratorCores:0.00} cores); 4xx {phase.ClientErrors}, 5xx {phase.ServerErrors}, no answer {phase.Failures}{(phase.DroppedArrivals > 0 ? $", dropped arrivals {phase.DroppedArrivals}" : "")}");
            Line($"| endpoint | requests | req/s | 2xx | 4xx | 5xx | no answer | p50 ms | p90 ms | p99 ms | max ms |");
            Line($"|---|---|---|---|---|---|---|---|---|---|---|");
            foreach (var e in phase.Endpoints)
            {
                var l = e.LatencyMs;
                Line($"| {e.Endpoint} | {e.Requests} | {e.RequestsPerSecond:0} | {e.Success} | {e.ClientErrors} | {e.ServerErrors} | {e.Failures.Values.Sum()} | {l?.P50:0.00} | {l?.P90:0.00} | {l?.P99:0.00} | {l?.Max:0.00} |");
            }

            var o = phase.Orders;
            if (o.Acknowledged + o.Rejected + o.Unresolved + o.Cancelled > 0)
            {
                Line($"orders: {o.Acknowledged} acknowledged (201), {o.Rejected} rejected (4xx), {o.Unresolved} unresolved, {o.Retried} retried; {o.Cancelled} cancelled");
            }
        }

        Line($"");
        if (CeilingRatio is { } ratio)
        {
            Line($"ratio to the ceiling (req/s of {Phases[^1].Name} / req/s of ceiling, same run): {ratio:0.000}");
        }

        if (StockCheck is { } check)
        {
            Line($"stock check: {check.Products} products, {check.Mismatches.Count} mismatches");
            foreach (var m in check.Mismatches)
            {
                Line($"  {m.ProductId}: initial {m.InitialStock}, expected {m.ExpectedMin}..{m.ExpectedMax}, API says {(m.Actual?.ToString(CultureInfo.InvariantCulture) ?? $"status {m.Status}")}");
            }
        }

        Line($"generator: {GeneratorCpuSeconds:0.0} s CPU, {GeneratorCores:0.00} cores on average");
        return text.ToString();
    }
}

/// <summary>A product whose stock is outside what the run's acknowledged orders and cancellations explain.</summary>
public sealed record StockMismatch(string ProductId, int InitialStock, long ExpectedMin, long ExpectedMax, long? Actual, int Status);

public sealed record StockCheckReport(int Products, IReadOnlyList<StockMismatch> Mismatches);

using System.Collections.Concurrent;

namespace EcommerceBackend.Load.Recording;

/// <summary>How a request ended when no HTTP answer came back.</summary>
public enum TransportFailure
{
    Timeout,
    Connection,
}

/// <summary>The figures of one endpoint (method and route template) within a phase.</summary>
public sealed class EndpointStats(string name)
{
    private readonly Lock _lock = new();
    private readonly List<long> _latencyTicks = [];
    private readonly Dictionary<int, long> _statuses = [];
    private readonly Dictionary<TransportFailure, long> _failures = [];

    public string Name { get; } = name;

    public void Record(int status, long elapsedTicks)
    {
        lock (_lock)
        {
            _latencyTicks.Add(elapsedTicks);
            _statuses[status] = _statuses.GetValueOrDefault(status) + 1;
        }
    }

    public void RecordFailure(TransportFailure failure)
    {
        lock (_lock)
        {
            _failures[failure] = _failures.GetValueOrDefault(failure) + 1;
        }
    }

    /// <summary>The figures so far; latencies are of the requests answered (any status), failures have none.</summary>
    public EndpointSummary Summarize(double seconds)
    {
        long[] ticks;
        Dictionary<int, long> statuses;
        Dictionary<TransportFailure, long> failures;
        lock (_lock)
        {
            ticks = [.. _latencyTicks];
            statuses = new(_statuses);
            failures = new(_failures);
        }

        Array.Sort(ticks);
        var answered = ticks.LongLength;
        var failed = failures.Values.Sum();
        return new EndpointSummary
        {
            Endpoint = Name,
            Requests = answered + failed,
            RequestsPerSecond = seconds > 0 ? Math.Round((answered + failed) / seconds, 1) : 0,
            Status = statuses.OrderBy(s => s.Key).ToDictionary(s => s.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), s => s.Value),
            Success = statuses.Where(s => s.Key is >= 200 and < 300).Sum(s => s.Value),
            ClientErrors = statuses.Where(s => s.Key is >= 400 and < 500).Sum(s => s.Value),
            ServerErrors = statuses.Where(s => s.Key >= 500).Sum(s => s.Value),
            Failures = failures.ToDictionary(f => Camel(f.Key), f => f.Value),
            LatencyMs = answered == 0 ? null : new LatencySummary
            {
                P50 = Ms(Percentile(ticks, 0.50)),
                P90 = Ms(Percentile(ticks, 0.90)),
                P99 = Ms(Percentile(ticks, 0.99)),
                Max = Ms(ticks[^1]),
                Mean = Ms((long)ticks.Average()),
            },
        };
    }

    /// <summary>Nearest rank: the smallest value with at least <paramref name="q"/> of the values at or below it.</summary>
    internal static long Percentile(long[] sorted, double q) => sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static double Ms(long ticks) => Math.Round(ticks * 1000.0 / System.Diagnostics.Stopwatch.Frequency, 3);

    private static string Camel(TransportFailure failure) => failure.ToString().ToLowerInvariant();
}

/// <summary>The endpoints of one phase, and the counters its progress line shows.</summary>
public sealed class PhaseStats
{
    private readonly ConcurrentDictionary<string, EndpointStats> _endpoints = new(StringComparer.Ordinal);
    private long _requests;
    private long _serverErrors;
    private long _clientErrors;
    private long _failures;

    /// <summary>Requests sent (answered or not).</summary>
    public long Requests => Interlocked.Read(ref _requests);

    public long ServerErrors => Interlocked.Read(ref _serverErrors);

    public long ClientErrors => Interlocked.Read(ref _clientErrors);

    public long Failures => Interlocked.Read(ref _failures);

    public long DroppedArrivals;

    public long OrdersAcknowledged;

    public long OrdersRejected;

    public long OrdersUnresolved;

    public long OrdersRetried;

    public long Cancellations;

    /// <summary>Counts a request about to be sent; the number it is.</summary>
    public long Started() => Interlocked.Increment(ref _requests);

    public void Answered(string endpoint, int status, long elapsedTicks)
    {
        Endpoint(endpoint).Record(status, elapsedTicks);
        if (status >= 500)
        {
            Interlocked.Increment(ref _serverErrors);
        }
        else if (status >= 400)
        {
            Interlocked.Increment(ref _clientErrors);
        }
    }

    public void Failed(string endpoint, TransportFailure failure)
    {
        Endpoint(endpoint).RecordFailure(failure);
        Interlocked.Increment(ref _failures);
    }

    public IReadOnlyList<EndpointSummary> Summarize(double seconds) =>
        _endpoints.Values.OrderBy(e => e.Name, StringComparer.Ordinal).Select(e => e.Summarize(seconds)).ToList();

    private EndpointStats Endpoint(string name) => _endpoints.GetOrAdd(name, static n => new EndpointStats(n));
}

public sealed record LatencySummary
{
    public double P50 { get; init; }

    public double P90 { get; init; }

    public double P99 { get; init; }

    public double Max { get; init; }

    public double Mean { get; init; }
}

public sealed record EndpointSummary
{
    public required string Endpoint { get; init; }

    public long Requests { get; init; }

    public double RequestsPerSecond { get; init; }

    public long Success { get; init; }

    public long ClientErrors { get; init; }

    public long ServerErrors { get; init; }

    /// <summary>Requests that got no answer, by kind: timeout, connection.</summary>
    public required Dictionary<string, long> Failures { get; init; }

    /// <summary>Answers by status code.</summary>
    public required Dictionary<string, long> Status { get; init; }

    public LatencySummary? LatencyMs { get; init; }
}

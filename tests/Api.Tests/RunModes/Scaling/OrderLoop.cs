using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using EcommerceBackend.Api.Tests.Infrastructure;
using EcommerceBackend.Api.Tests.Orders;

namespace EcommerceBackend.Api.Tests.RunModes.Scaling;

/// <summary>A customer of the load: id and token.</summary>
internal sealed record LoadCustomer(string Id, string Token);

/// <summary>An order the loop placed: who, what, in which phase, how long it took and how many requests.</summary>
internal sealed record PlacedOrder(string Id, string CustomerId, string ProductId, string Phase, TimeSpan Latency, int Attempts);

/// <summary>
/// A steady order loop, as a careful client places orders: one <c>Idempotency-Key</c> per order, and a 5xx, a
/// refused connection or a timeout is retried with the same key and body until it succeeds or the order's own
/// deadline passes. Bounded in rate (each worker places at most one order per <c>pace</c>), count and time.
/// </summary>
internal sealed class OrderLoop(HttpClient front, IReadOnlyList<LoadCustomer> customers, IReadOnlyList<string> products, int workers, TimeSpan pace, int maxOrders)
{
    private static readonly TimeSpan OrderDeadline = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(200);

    private readonly object _gate = new();
    private readonly List<PlacedOrder> _placed = [];
    private readonly List<string> _failures = [];
    private readonly Dictionary<string, PhaseCounts> _phases = new(StringComparer.Ordinal);
    private readonly List<string> _phaseOrder = [];
    private int _started;
    private string _phase = "";

    /// <summary>Orders placed so far.</summary>
    public IReadOnlyList<PlacedOrder> Placed
    {
        get
        {
            lock (_gate)
            {
                return [.. _placed];
            }
        }
    }

    /// <summary>Orders that did not succeed even after retries, with why.</summary>
    public IReadOnlyList<string> Failures
    {
        get
        {
            lock (_gate)
            {
                return [.. _failures];
            }
        }
    }

    /// <summary>The label of the orders started from now on, for the figures.</summary>
    public void EnterPhase(string name)
    {
        lock (_gate)
        {
            EndPhase();
            _phase = name;
            _phaseOrder.Add(name);
            _phases[name] = new PhaseCounts { Clock = Stopwatch.StartNew() };
        }
    }

    /// <summary>Ends the last phase's clock (its figures still count the orders that were under way).</summary>
    public void EndPhases()
    {
        lock (_gate)
        {
            EndPhase();
        }
    }

    public async Task RunAsync(CancellationToken stop) =>
        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => WorkerAsync(stop)));

    /// <summary>Per phase: its length, orders, requests, retried requests by cause, failed orders, latency of the placed orders.</summary>
    public string Figures()
    {
        lock (_gate)
        {
            var text = new StringBuilder();
            text.AppendLine(CultureInfo.InvariantCulture, $"{"phase",-16} {"secs",5} {"orders",7} {"req",6} {"retried",8} {"failed",7} {"p50 ms",8} {"p95 ms",8} {"p99 ms",8} {"max ms",8}  retried by cause");
            foreach (var name in _phaseOrder)
            {
                var counts = _phases[name];
                var latencies = _placed.Where(o => o.Phase == name).Select(o => o.Latency.TotalMilliseconds).Order().ToList();
                var line = string.Create(CultureInfo.InvariantCulture,
                    $"{name,-16} {counts.Seconds,5:0.0} {latencies.Count,7} {counts.Requests,6} {counts.Retried,8} {counts.Failed,7} {Percentile(latencies, 0.50),8:0.0} {Percentile(latencies, 0.95),8:0.0} {Percentile(latencies, 0.99),8:0.0} {Percentile(latencies, 1),8:0.0}  {string.Join(", ", counts.Causes.Select(c => $"{c.Key}: {c.Value}"))}");
                text.AppendLine(line.TrimEnd());
            }

            return text.ToString();
        }
    }

    private async Task WorkerAsync(CancellationToken stop)
    {
        var next = Stopwatch.GetTimestamp();
        int n;
        while (!stop.IsCancellationRequested && (n = Interlocked.Increment(ref _started)) <= maxOrders)
        {
            await PlaceOneAsync(customers[n % customers.Count], products[(n / customers.Count) % products.Count]);
            next += (long)(pace.TotalSeconds * Stopwatch.Frequency);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), next);
            if (wait > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(wait, stop);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task PlaceOneAsync(LoadCustomer customer, string productId)
    {
        string phase;
        lock (_gate)
        {
            phase = _phase;
        }

        var key = $"scaling-{Guid.NewGuid():N}";
        var body = OrderApi.Body(customer.Id, new Line(productId, 1)).ToJsonString();
        var clock = Stopwatch.StartNew();
        for (var attempt = 1; ; attempt++)
        {
            string cause;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", customer.Token);
                request.Headers.TryAddWithoutValidation(OrderApi.IdempotencyKeyHeader, key);
                using var response = await front.SendAsync(request);
                Count(phase, requests: 1);
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    var order = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
                    lock (_gate)
                    {
                        _placed.Add(new PlacedOrder(order["id"]!.GetValue<string>(), customer.Id, productId, phase, clock.Elapsed, attempt));
                    }

                    return;
                }

                if ((int)response.StatusCode < 500)
                {
                    Fail(phase, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                    return;
                }

                cause = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
            }
            catch (HttpRequestException ex)
            {
                Count(phase, requests: 1);
                cause = ex.HttpRequestError.ToString();
            }
            catch (TaskCanceledException)
            {
                Count(phase, requests: 1);
                cause = "timeout";
            }

            Count(phase, retried: cause);
            if (clock.Elapsed > OrderDeadline)
            {
                Fail(phase, $"still failing after {attempt} attempts and {clock.Elapsed.TotalSeconds:0} s: {cause}");
                return;
            }

            await Task.Delay(RetryPause);
        }
    }

    private void EndPhase()
    {
        if (_phases.TryGetValue(_phase, out var current) && current.Clock.IsRunning)
        {
            current.Clock.Stop();
            current.Seconds = current.Clock.Elapsed.TotalSeconds;
        }
    }

    private void Count(string phase, int requests = 0, string? retried = null)
    {
        lock (_gate)
        {
            var counts = _phases[phase];
            counts.Requests += requests;
            if (retried is not null)
            {
                counts.Retried++;
                counts.Causes[retried] = counts.Causes.GetValueOrDefault(retried) + 1;
            }
        }
    }

    private void Fail(string phase, string why)
    {
        lock (_gate)
        {
            _phases[phase].Failed++;
            _failures.Add($"[{phase}] {why}");
        }
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    private sealed class PhaseCounts
    {
        public required Stopwatch Clock { get; init; }

        public double Seconds { get; set; }

        public int Requests { get; set; }

        public int Retried { get; set; }

        public int Failed { get; set; }

        public SortedDictionary<string, int> Causes { get; } = new(StringComparer.Ordinal);
    }
}

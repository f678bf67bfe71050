using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

// Sets up data through a running EcommerceBackend API, then drives it with wrk at a fixed concurrency and
// prints requests/s and latency for
//   kestrel: GET /api/bench/ceiling of bare Kestrel (bench/Kestrel, at --kestrel-url): the outer ceiling
//   ceiling: GET /api/bench/ceiling (same process and pipeline, no grain call; needs Api:EnableBenchmarkEndpoint=true)
//   read:    GET /api/products/{id}
//   order:   POST /api/orders with two lines
// and each scenario's throughput as a ratio of bare Kestrel and of the ceiling, both measured in the same run.
// Orders are accepted before their events are consumed, so after the order scenario the harness also waits until the
// analytics count every order it placed, and prints the rate that includes that wait ("order sustained").
var options = BenchOptions.Parse(args);
using var http = new HttpClient(new SocketsHttpHandler
{
    MaxConnectionsPerServer = options.Concurrency,
    PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
})
{ BaseAddress = new Uri(options.Url), Timeout = TimeSpan.FromSeconds(30) };

Console.WriteLine($"bench: {options.Url}, {options.Concurrency} concurrent clients, {options.Warmup.TotalSeconds:0}s warm-up + {options.Duration.TotalSeconds:0}s per scenario");
var setup = await Setup.CreateAsync(http, options);
var results = new List<ScenarioResult>();
foreach (var scenario in options.Scenarios)
{
    var script = scenario switch
    {
        "kestrel" or "ceiling" => Wrk.GetScript("/api/bench/ceiling"),
        "read" => Wrk.ReadScript(setup.ProductIds),
        "order" => Wrk.OrderScript(setup),
        _ => throw new ArgumentException($"unknown scenario {scenario}"),
    };
    var target = scenario == "kestrel" ? options.KestrelUrl ?? throw new ArgumentException("the kestrel scenario needs --kestrel-url") : options.Url;
    var counted = scenario == "order" ? await setup.CountedOrdersAsync(http) : 0;
    var result = await Wrk.RunAsync(scenario, options, script, target);
    results.Add(result);
    Console.WriteLine(result.Line(null, null));
    if (scenario == "order")
    {
        var sustained = await Drain.WaitAsync(http, setup, result, options.Warmup, counted + result.Ok + result.WarmupOk);
        results.Add(sustained);
        Console.WriteLine(sustained.Line(null, null));
    }
}

var kestrel = results.FirstOrDefault(r => r.Name == "kestrel");
var ceiling = results.FirstOrDefault(r => r.Name == "ceiling");
Console.WriteLine();
Console.WriteLine($"| scenario | req/s | p50 ms | p99 ms | errors | ratio to bare Kestrel | ratio to ceiling |");
Console.WriteLine($"|---|---|---|---|---|---|---|");
foreach (var r in results)
{
    Console.WriteLine(r.Line(kestrel, ceiling));
}

return results.Any(r => r.Ok == 0) ? 1 : 0;

internal sealed record BenchOptions(
    string Url, int Concurrency, TimeSpan Duration, TimeSpan Warmup, string[] Scenarios, string AdminEmail, string AdminPassword, int Products, string? KestrelUrl)
{
    public static BenchOptions Parse(string[] args)
    {
        string Get(string name, string fallback)
        {
            var at = Array.IndexOf(args, "--" + name);
            return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
        }

        return new BenchOptions(
            Get("url", "http://localhost:5000"),
            int.Parse(Get("concurrency", "32"), CultureInfo.InvariantCulture),
            TimeSpan.FromSeconds(double.Parse(Get("duration", "10"), CultureInfo.InvariantCulture)),
            TimeSpan.FromSeconds(double.Parse(Get("warmup", "3"), CultureInfo.InvariantCulture)),
            Get("scenarios", args.Contains("--kestrel-url") ? "kestrel,ceiling,read,order" : "ceiling,read,order").Split(','),
            Get("admin-email", "admin@example.com"),
            Get("admin-password", "Admin123!"),
            int.Parse(Get("products", "100"), CultureInfo.InvariantCulture),
            args.Contains("--kestrel-url") ? Get("kestrel-url", "") : null);
    }
}

/// <summary>Products with ample stock and one customer per client, made through the API itself.</summary>
internal sealed class Setup
{
    public required List<string> ProductIds { get; init; }

    public required List<(string Id, AuthenticationHeaderValue Auth)> Customers { get; init; }

    public required AuthenticationHeaderValue AdminAuth { get; init; }

    /// <summary>The orders the analytics have counted so far (<c>totalOrders</c> of the summary).</summary>
    public async Task<long> CountedOrdersAsync(HttpClient http)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/analytics/summary");
        request.Headers.Authorization = AdminAuth;
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["totalOrders"]!.GetValue<long>();
    }

    public static async Task<Setup> CreateAsync(HttpClient http, BenchOptions options)
    {
        var admin = await PostAsync(http, "/api/customers/login", new { email = options.AdminEmail, password = options.AdminPassword }, null);
        var adminAuth = new AuthenticationHeaderValue("Bearer", admin["token"]!.GetValue<string>());
        var run = Guid.NewGuid().ToString("N")[..8];
        var products = await Task.WhenAll(Enumerable.Range(0, options.Products).Select(i => PostAsync(http, "/api/products",
            new { name = $"Bench product {i}", description = "benchmark", price = 10.5m + i, stock = 1_000_000_000, category = $"bench-{run}" }, adminAuth)));
        var customers = new List<(string, AuthenticationHeaderValue)>();
        for (var i = 0; i < options.Concurrency; i++)
        {
            var registered = await PostAsync(http, "/api/customers/register",
                new { name = $"Bench {i}", email = $"bench-{run}-{i}@example.com", password = "BenchPass123!" }, null);
            customers.Add((registered["customer"]!["id"]!.GetValue<string>(), new AuthenticationHeaderValue("Bearer", registered["token"]!.GetValue<string>())));
        }

        return new Setup { ProductIds = products.Select(p => p["id"]!.GetValue<string>()).ToList(), Customers = customers, AdminAuth = adminAuth };
    }

    private static async Task<JsonNode> PostAsync(HttpClient http, string path, object body, AuthenticationHeaderValue? auth)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = auth;
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{path} answered {(int)response.StatusCode}: {text}");
        }

        return JsonNode.Parse(text)!;
    }
}

/// <summary>
/// Waits, after the order scenario, until the analytics count every order placed (warm-up included), for at most
/// <see cref="Limit"/>, and gives the scenario's orders (warm-up included) over its time plus that wait: the rate the
/// whole system keeps up with, events consumed.
/// </summary>
internal static class Drain
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(120);

    public static async Task<ScenarioResult> WaitAsync(HttpClient http, Setup setup, ScenarioResult order, TimeSpan warmup, long expected)
    {
        var waited = Stopwatch.StartNew();
        long counted;
        while ((counted = await setup.CountedOrdersAsync(http)) < expected && waited.Elapsed < Limit)
        {
            await Task.Delay(200);
        }

        var seconds = waited.Elapsed.TotalSeconds;
        Console.WriteLine(counted >= expected
            ? $"analytics counted every order {seconds:0.0} s after the order scenario ended"
            : $"analytics counted {counted} of {expected} orders {seconds:0} s after the order scenario ended");
        return order with
        {
            Name = "order sustained",
            Ok = order.Ok + order.WarmupOk,
            Seconds = warmup.TotalSeconds + order.Seconds + seconds,
            P50Ms = double.NaN,
            P99Ms = double.NaN,
        };
    }
}

internal sealed record ScenarioResult(string Name, long Ok, long Errors, double Seconds, double P50Ms, double P99Ms, long WarmupOk = 0)
{
    public double Rate => Ok / Seconds;

    public string Line(ScenarioResult? kestrel, ScenarioResult? ceiling) =>
        $"| {Name} | {Rate:0} | {Ms(P50Ms)} | {Ms(P99Ms)} | {Errors} | {Ratio(kestrel)} | {Ratio(ceiling)} |";

    private static string Ms(double ms) => double.IsNaN(ms) ? "-" : ms.ToString("0.00", CultureInfo.InvariantCulture);

    private string Ratio(ScenarioResult? of) => of is null ? "-" : (Rate / of.Rate).ToString("0.000", CultureInfo.InvariantCulture);
}

/// <summary>
/// The load itself comes from wrk (C, event-driven): a .NET client on the same two cores would saturate
/// before the server does and flatter every ratio. wrk runs <c>concurrency</c> connections on two threads.
/// </summary>
internal static class Wrk
{
    private const string Address = """{\"street\":\"1 Main St\",\"city\":\"New York\",\"state\":\"NY\",\"zipCode\":\"10001\",\"country\":\"USA\"}""";

    public static string GetScript(string path) => $$"""
        request = function() return wrk.format("GET", "{{path}}") end
        """;

    public static string ReadScript(IReadOnlyList<string> productIds) => $$"""
        local ids = { {{string.Join(",", productIds.Select(id => $"\"{id}\""))}} }
        request = function() return wrk.format("GET", "/api/products/" .. ids[math.random(#ids)]) end
        """;

    public static string OrderScript(Setup setup) => $$"""
        local ids = { {{string.Join(",", setup.ProductIds.Select(id => $"\"{id}\""))}} }
        local customers = { {{string.Join(",", setup.Customers.Select(c => $"{{\"{c.Id}\",\"Bearer {c.Auth.Parameter}\"}}"))}} }
        request = function()
          local c = customers[math.random(#customers)]
          local a = math.random(#ids)
          local b = (a + math.random(#ids - 1) - 1) % #ids + 1
          local body = '{"customerId":"' .. c[1] .. '","items":[{"productId":"' .. ids[a] .. '","quantity":1},{"productId":"' .. ids[b] .. '","quantity":1}],"shippingAddress":{{Address}}}'
          return wrk.format("POST", "/api/orders", { ["Content-Type"] = "application/json", ["Authorization"] = c[2] }, body)
        end
        """;

    public static async Task<ScenarioResult> RunAsync(string name, BenchOptions options, string script, string url)
    {
        var file = Path.Combine(Path.GetTempPath(), $"bench-{name}-{Guid.NewGuid():N}.lua");
        await File.WriteAllTextAsync(file, script);
        try
        {
            var warmupOk = 0L;
            if (options.Warmup > TimeSpan.Zero)
            {
                warmupOk = Parse(name, await RunWrkAsync(options, file, options.Warmup, url)).Ok;
            }

            var output = await RunWrkAsync(options, file, options.Duration, url);
            return Parse(name, output) with { WarmupOk = warmupOk };
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<string> RunWrkAsync(BenchOptions options, string script, TimeSpan duration, string url)
    {
        var start = new ProcessStartInfo("wrk",
            ["-t2", $"-c{options.Concurrency}", $"-d{(int)Math.Ceiling(duration.TotalSeconds)}s", "--latency", "-s", script, url])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var wrk = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start; install it (apt-get install wrk)");
        var output = await wrk.StandardOutput.ReadToEndAsync();
        var errors = await wrk.StandardError.ReadToEndAsync();
        await wrk.WaitForExitAsync();
        return wrk.ExitCode == 0 ? output : throw new InvalidOperationException($"wrk failed: {errors}{output}");
    }

    internal static ScenarioResult Parse(string name, string output)
    {
        double Number(string pattern) =>
            System.Text.RegularExpressions.Regex.Match(output, pattern) is { Success: true } m ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;

        double LatencyMs(string percent)
        {
            var m = System.Text.RegularExpressions.Regex.Match(output, $@"\s{percent}%\s+([0-9.]+)(us|ms|s)");
            if (!m.Success)
            {
                return double.NaN;
            }

            var value = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            return m.Groups[2].Value switch { "us" => value / 1000, "s" => value * 1000, _ => value };
        }

        var requests = Number(@"(\d+) requests in");
        var seconds = Number(@"requests in ([0-9.]+)s");
        var errors = Number(@"Non-2xx or 3xx responses: (\d+)") + Number(@"Socket errors: connect (\d+)");
        return new ScenarioResult(name, (long)(requests - errors), (long)errors, seconds, LatencyMs("50"), LatencyMs("99"));
    }
}

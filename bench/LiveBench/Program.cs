using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

// Order placed → notification received: places orders at a steady rate through one API node and measures,
// per order, the time from sending POST /api/orders to the owner's SignalR client (on --hub-url, another
// node or the same) receiving the order.created message on /hubs/orders. Prints p50/p99 and losses.
// First, at the same rate and for the same time, the ceiling: POST /api/bench/live-ceiling (the API needs
// Api:EnableBenchmarkEndpoint=true) reads the same body, authenticates the same way and pushes to the same
// connections at once, without the cluster; the ratio of the two p99s is printed. --ceiling false skips it
// (it is skipped by itself when --hub-url names another node, which the ceiling's push cannot reach).
var url = Arg("url", "http://localhost:5000");
var hubUrl = Arg("hub-url", url);
var rate = double.Parse(Arg("rate", "200"), CultureInfo.InvariantCulture);
var seconds = double.Parse(Arg("duration", "20"), CultureInfo.InvariantCulture);
var customersCount = int.Parse(Arg("customers", "20"), CultureInfo.InvariantCulture);
var withCeiling = Arg("ceiling", "true") == "true" && hubUrl == url;
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };

var admin = await PostAsync("/api/customers/login", new { email = Arg("admin-email", "admin@example.com"), password = Arg("admin-password", "Admin123!") }, null);
var adminToken = admin["token"]!.GetValue<string>();
var run = Guid.NewGuid().ToString("N")[..8];
var products = new List<string>();
for (var i = 0; i < 20; i++)
{
    products.Add((await PostAsync("/api/products", new { name = $"Live bench {i}", price = 5m, stock = 1_000_000_000, category = $"live-{run}" }, adminToken))["id"]!.GetValue<string>());
}

// Orders sent but not heard of yet, and orders heard of before their HTTP answer came back (the event goes
// out as soon as the order is stored, so the push can beat the response); matched under one lock.
var sent = new Dictionary<string, long>();
var early = new Dictionary<string, long>();
var gate = new Lock();
var latencies = new ConcurrentBag<double>();
var customers = new List<(string Id, string Token)>();
var hubs = new List<HubConnection>();
for (var i = 0; i < customersCount; i++)
{
    var registered = await PostAsync("/api/customers/register", new { name = $"Live {i}", email = $"live-{run}-{i}@example.com", password = "LiveBench123!" }, null);
    var (id, token) = (registered["customer"]!["id"]!.GetValue<string>(), registered["token"]!.GetValue<string>());
    customers.Add((id, token));
    var hub = new HubConnectionBuilder()
        .WithUrl(new Uri(new Uri(hubUrl), "/hubs/orders"), o =>
        {
            o.Transports = HttpTransportType.WebSockets;
            o.SkipNegotiation = true;
            o.AccessTokenProvider = () => Task.FromResult<string?>(token);
        })
        .Build();
    hub.On<JsonElement>("order", message =>
    {
        var now = Stopwatch.GetTimestamp();
        if (message.GetProperty("type").GetString() is "order.created" or "bench.live-ceiling" && message.GetProperty("subject").GetString() is { } orderId)
        {
            lock (gate)
            {
                if (sent.Remove(orderId, out var start))
                {
                    latencies.Add(Stopwatch.GetElapsedTime(start, now).TotalMilliseconds);
                }
                else
                {
                    early[orderId] = now;
                }
            }
        }
    });
    await hub.StartAsync();
    hubs.Add(hub);
}

var failures = 0;
Console.WriteLine($"live bench: {rate} orders/s for {seconds} s through {url}, {customersCount} customers listening on {hubUrl}/hubs/orders");
var ceiling = withCeiling ? await RunAsync("ceiling (POST /api/bench/live-ceiling)", "/api/bench/live-ceiling") : null;
var orders = await RunAsync("orders (POST /api/orders)", "/api/orders");
if (ceiling is { } c && orders is { } o)
{
    Console.WriteLine($"p99 orders / p99 ceiling: {o.P99 / c.P99:0.0}; p50 orders / p50 ceiling: {o.P50 / c.P50:0.0}");
}

foreach (var hub in hubs)
{
    await hub.DisposeAsync();
}

return orders.Complete && ceiling?.Complete != false ? 0 : 1;

async Task<Phase> RunAsync(string label, string path)
{
    lock (gate)
    {
        sent.Clear();
        early.Clear();
    }

    latencies.Clear();
    failures = 0;
    var total = (int)(rate * seconds);
    var clock = Stopwatch.StartNew();
    var requests = new List<Task>(total);
    for (var i = 0; i < total; i++)
    {
        var due = TimeSpan.FromSeconds(i / rate);
        if (due > clock.Elapsed)
        {
            await Task.Delay(due - clock.Elapsed);
        }

        var (customerId, token) = customers[i % customers.Count];
        requests.Add(PlaceAsync(path, customerId, token, products[i % products.Count]));
    }

    await Task.WhenAll(requests);
    var achieved = total / clock.Elapsed.TotalSeconds;
    var drainUntil = DateTime.UtcNow + TimeSpan.FromSeconds(10);
    while (Pending() > 0 && DateTime.UtcNow < drainUntil)
    {
        await Task.Delay(50);
    }

    var sorted = latencies.Order().ToArray();
    double P(double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
    Console.WriteLine($"{label}: sent {total} at {achieved:0} /s; failed requests {failures}; received {sorted.Length}; never received {Pending()}");
    Console.WriteLine($"{label}: sent → received p50 {P(0.50):0.0} ms, p99 {P(0.99):0.0} ms, max {P(1.0):0.0} ms");
    return new Phase(P(0.50), P(0.99), Pending() == 0 && failures == 0);
}

int Pending()
{
    lock (gate)
    {
        return sent.Count;
    }
}

async Task PlaceAsync(string path, string customerId, string token, string productId)
{
    var body = new { customerId, items = new[] { new { productId, quantity = 1 } }, shippingAddress = new { street = "1 Main St", city = "New York", state = "NY", zipCode = "10001", country = "USA" } };
    using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    var start = Stopwatch.GetTimestamp();
    using var response = await http.SendAsync(request);
    if (!response.IsSuccessStatusCode)
    {
        Interlocked.Increment(ref failures);
        return;
    }

    var order = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    var id = order["id"]!.GetValue<string>();
    lock (gate)
    {
        if (early.Remove(id, out var heard))
        {
            latencies.Add(Stopwatch.GetElapsedTime(start, heard).TotalMilliseconds);
        }
        else
        {
            sent[id] = start;
        }
    }
}

string Arg(string name, string fallback)
{
    var at = Array.IndexOf(args, "--" + name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
}

async Task<JsonNode> PostAsync(string path, object body, string? token)
{
    using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
    if (token is not null)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    using var response = await http.SendAsync(request);
    var text = await response.Content.ReadAsStringAsync();
    return response.IsSuccessStatusCode ? JsonNode.Parse(text)! : throw new InvalidOperationException($"{path}: {(int)response.StatusCode} {text}");
}

/// <summary>One phase's outcome: latency percentiles and whether every request succeeded and was heard.</summary>
internal sealed record Phase(double P50, double P99, bool Complete);

using System.Globalization;
using System.Text.Json.Nodes;
using EcommerceBackend.Load.Setup;

namespace EcommerceBackend.Faults;

/// <summary>One invariant's verdict, with the numbers behind it.</summary>
public sealed record Check(string Name, bool Holds, string Figures);

/// <summary>
/// The invariants checked after each fault, through the shop's API and the broker: the acknowledged orders, the stock,
/// the analytics, the inboxes, the outside reader and the dead-letter queue.
/// </summary>
public sealed class Invariants(ShopClient shop, BrokerReader reader, LocalCluster cluster, FaultOptions options, string adminToken)
{
    private static readonly HashSet<string> LegalStatuses = ["pending", "confirmed", "shipped", "delivered", "cancelled"];
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(45);

    // StoredState's longest pause between two publishing attempts of an outbox.
    private static readonly TimeSpan MaxOutboxRetryDelay = TimeSpan.FromSeconds(30);
    private readonly Dictionary<string, string> _tokens = new(StringComparer.Ordinal);
    private readonly Dictionary<Phase, List<JsonObject>> _orders = [];

    /// <summary>
    /// Every order of the phase's customers, as the API lists them, read once: the phase is checked after its load
    /// drained, and later phases have customers of their own, so its orders no longer change.
    /// </summary>
    private async Task<List<JsonObject>> OrdersAsync(Phase phase)
    {
        if (!_orders.TryGetValue(phase, out var orders))
        {
            orders = [];
            foreach (var customer in phase.Setup.Customers)
            {
                orders.AddRange(await shop.OrdersOfAsync(customer.Id, adminToken));
            }

            _orders[phase] = orders;
        }

        return orders;
    }

    public async Task<List<Check>> OfPhaseAsync(Phase phase, IReadOnlyList<Phase> all)
    {
        var orders = await OrdersAsync(phase);
        var checks = new List<Check> { await AcknowledgedOrdersAsync(phase, orders), await StockAsync(phase, orders) };
        checks.Add(await AnalyticsAsync(all));
        checks.Add(await InboxesAsync(phase));
        checks.Add(await ReaderAsync(all));
        checks.Add(await DeadLettersAsync());
        checks.Add(ClientFailures(phase));
        if (phase.Fault is Fault.TermSilo or Fault.ApiStop)
        {
            checks.Add(GracefulStop(phase));
        }

        return checks;
    }

    /// <summary>Every order acknowledged with 201 exists, once per key, with its lines and a legal status; a 200 cancellation stuck.</summary>
    private async Task<Check> AcknowledgedOrdersAsync(Phase phase, List<JsonObject> listed)
    {
        var problems = new List<string>();
        var acknowledged = phase.Acknowledged.ToList();
        foreach (var key in acknowledged.GroupBy(o => o.Key).Where(g => g.Select(o => o.OrderId).Distinct().Count() > 1))
        {
            problems.Add($"key {key.Key} acknowledged as {string.Join(", ", key.Select(o => o.OrderId).Distinct())}");
        }

        var cancelled = phase.Ledger.Where(e => e.Type == "cancel" && e.Status == 200).Select(e => e.OrderId!).ToHashSet();
        var byId = listed.GroupBy(o => Text(o, "id")).ToDictionary(g => g.Key, g => g.ToList());
        problems.AddRange(byId.Where(g => g.Value.Count > 1).Select(g => $"order {g.Key} listed {g.Value.Count} times"));
        foreach (var order in acknowledged.DistinctBy(o => o.OrderId))
        {
            var stored = await shop.GetAsync($"/api/orders/{order.OrderId}", adminToken);
            if (stored is null)
            {
                problems.Add($"order {order.OrderId} (key {order.Key}) answers 404");
                continue;
            }

            var lines = stored["items"]!.AsArray().Select(i => (Text(i!, "productId"), i!["quantity"]!.GetValue<int>())).Order();
            if (!lines.SequenceEqual(order.Lines!.Select(l => (l.ProductId, l.Quantity)).Order()))
            {
                problems.Add($"order {order.OrderId} has other lines than were acknowledged");
            }

            var status = Text(stored, "status");
            if (!LegalStatuses.Contains(status) || (cancelled.Contains(order.OrderId!) && status != "cancelled"))
            {
                problems.Add($"order {order.OrderId} is {status}");
            }

            if (!byId.ContainsKey(order.OrderId!))
            {
                problems.Add($"order {order.OrderId} is missing from its customer's list");
            }
        }

        // An order whose every answer was lost may exist without an acknowledgement; anything more is a phantom.
        var extra = byId.Keys.Except(acknowledged.Select(o => o.OrderId!)).Count();
        if (extra > phase.Unresolved)
        {
            problems.Add($"{extra} listed orders were never acknowledged ({phase.Unresolved} unresolved)");
        }

        return Verdict(
            "acknowledged orders exist once, whole, in a legal status",
            problems,
            $"{acknowledged.Count} acknowledged ({acknowledged.Count(o => o.Replayed == true)} answered as replays), {listed.Count} listed, {cancelled.Count} cancelled, {phase.Unresolved} unresolved");
    }

    /// <summary>Starting stock = current stock + units in orders not cancelled, for every product; never below 0.</summary>
    private async Task<Check> StockAsync(Phase phase, List<JsonObject> orders)
    {
        var held = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var order in orders.Where(o => Text(o, "status") != "cancelled"))
        {
            foreach (var item in order["items"]!.AsArray())
            {
                held[Text(item!, "productId")] = held.GetValueOrDefault(Text(item!, "productId")) + item!["quantity"]!.GetValue<int>();
            }
        }

        var problems = new List<string>();
        var hotSold = new List<string>();
        foreach (var product in phase.Setup.Products)
        {
            var stock = (await shop.GetAsync($"/api/products/{product.Id}", adminToken))!["stock"]!.GetValue<int>();
            var units = held.GetValueOrDefault(product.Id);
            if (stock < 0 || product.InitialStock != stock + units)
            {
                problems.Add($"{product.Id}: started {product.InitialStock}, has {stock}, {units} in orders");
            }

            if (product.Hot)
            {
                hotSold.Add($"{units}/{product.InitialStock}");
            }
        }

        return Verdict("stock = start - units in live orders, never below 0", problems, $"{phase.Setup.Products.Count} products; hot sold {string.Join(", ", hotSold)}");
    }

    /// <summary>The analytics' order count and revenue equal those of every order the phases placed, once refreshed.</summary>
    private async Task<Check> AnalyticsAsync(IReadOnlyList<Phase> all)
    {
        var orders = new List<JsonObject>();
        foreach (var phase in all)
        {
            orders.AddRange(await OrdersAsync(phase));
        }

        var count = orders.Count;
        var revenue = orders.Where(o => Text(o, "status") != "cancelled").Sum(o => o["total"]!.GetValue<decimal>());
        var (seen, holds) = await Eventually(async () =>
        {
            var summary = (await shop.GetAsync("/api/analytics/summary", adminToken))!;
            var figures = (Orders: summary["totalOrders"]!.GetValue<int>(), Revenue: summary["revenue"]!.GetValue<decimal>());
            return (figures, figures == (count, revenue));
        });
        return new Check("analytics count and revenue equal the orders'", holds, $"orders {count}, revenue {revenue:0.00}; analytics {seen.Orders}, {seen.Revenue:0.00}");
    }

    /// <summary>Each order's notifications exist exactly once in its owner's inbox: one placed, one cancelled if it was.</summary>
    public async Task<Check> InboxesAsync(Phase phase)
    {
        var orders = await OrdersAsync(phase);
        var expected = orders.SelectMany(o => Text(o, "status") == "cancelled"
                ? new Expected[] { new(Text(o, "customerId"), "order.created", Text(o, "id")), new(Text(o, "customerId"), "order.cancelled", Text(o, "id")) }
                : [new(Text(o, "customerId"), "order.created", Text(o, "id"))])
            .ToList();
        var (problems, holds) = await Eventually(async () =>
        {
            var found = new List<string>();
            foreach (var customer in phase.Setup.Customers)
            {
                var token = await TokenAsync(customer.Email);
                var inbox = await shop.AllPagesAsync("/api/notifications", token);
                var counts = inbox.Where(n => Text(n, "type") is "order.created" or "order.cancelled")
                    .GroupBy(n => (Text(n, "type"), Text(n, "subject"))).ToDictionary(g => g.Key, g => g.Count());
                foreach (var (_, type, order) in expected.Where(e => e.Owner == customer.Id))
                {
                    var times = counts.GetValueOrDefault((type, order));
                    if (times != 1)
                    {
                        found.Add($"{type} of {order} {times} times");
                    }
                }
            }

            return (found, found.Count == 0);
        });
        return Verdict("every order's notifications are in its owner's inbox exactly once", holds ? [] : problems, $"{expected.Count} notifications expected over {phase.Setup.Customers.Count} inboxes");
    }

    /// <summary>The outside reader saw every acknowledged order's order.created, and nothing came again later than the replay window.</summary>
    private async Task<Check> ReaderAsync(IReadOnlyList<Phase> all)
    {
        var orders = all.SelectMany(p => p.Acknowledged).Select(o => o.OrderId!).Distinct().ToList();
        var (missing, _) = await Eventually(() =>
        {
            var left = orders.Where(o => !reader.Saw(o)).ToList();
            return Task.FromResult((left, left.Count == 0));
        });
        var repeats = reader.Repeats();
        var late = repeats.Where(r => r.Spread > options.ReplayWindow && !all.Any(p => AfterBrokerOutage(p, r))).ToList();
        var problems = missing.Select(o => $"no order.created for {o}").Concat(late.Select(r => $"{r.MessageId} came again {r.Spread.TotalSeconds:0.0} s after its first arrival")).ToList();
        var longest = repeats.Count == 0 ? "none" : $"{repeats.Max(r => r.Spread).TotalSeconds:0.0} s";
        return Verdict(
            $"the outside reader saw every order.created; repeats within W = {options.ReplayWindow.TotalSeconds:0} s (after a broker outage, of its end plus the outbox's retry)",
            problems,
            $"{orders.Count} acknowledged, {reader.Distinct} distinct order.created read, {repeats.Count} came again (longest gap {longest}), {reader.Redelivered} broker redeliveries");
    }

    /// <summary>
    /// Whether a repeat is the outbox publishing again, once the broker is back, a message whose confirm the broker's
    /// death lost: the outbox retries with doubling delays (up to 30 s), so the retry after an outage of length d comes
    /// at most min(d, 30 s) after its end, and W after that is the replay window's own allowance.
    /// </summary>
    private bool AfterBrokerOutage(Phase phase, Repeat repeat)
    {
        if (phase.Fault != Fault.RabbitMq)
        {
            return false;
        }

        var outage = phase.FaultEnd - phase.FaultStart;
        var retry = outage < MaxOutboxRetryDelay ? outage : MaxOutboxRetryDelay;
        return repeat.First >= phase.FaultStart - options.ReplayWindow && repeat.First <= phase.FaultEnd
            && repeat.Last <= phase.FaultEnd + retry + options.ReplayWindow;
    }

    /// <summary>The provider's dead-letter queues hold nothing: everything the cluster published was delivered.</summary>
    private async Task<Check> DeadLettersAsync()
    {
        var dead = (await cluster.QueuesAsync()).Where(q => q.Key.EndsWith(".dead-letter", StringComparison.Ordinal)).ToList();
        return Verdict(
            "the dead-letter queues are empty",
            dead.Where(q => q.Value > 0).Select(q => $"{q.Key} holds {q.Value}").ToList(),
            string.Join(", ", dead.Select(q => $"{q.Key}: {q.Value}")));
    }

    /// <summary>What clients saw: failed attempts by answer, how long after the fault began the last one came; all orders settled.</summary>
    private static Check ClientFailures(Phase phase)
    {
        var failures = phase.Failures.ToList();
        var byKind = failures.GroupBy(f => f.Status?.ToString(CultureInfo.InvariantCulture) ?? f.Error ?? "?").Select(g => $"{g.Key}×{g.Count()}");
        var last = failures.Count == 0 ? "none" : $"last {(failures.Max(f => f.Time) - phase.FaultStart).TotalSeconds:0.0} s after the fault began";
        return Verdict(
            "every order a careful client retried was settled",
            phase.Unresolved == 0 ? [] : [$"{phase.Unresolved} orders unresolved after their retries"],
            $"{failures.Count} failed attempts ({string.Join(", ", byKind)}), {last}; fault lasted {(phase.FaultEnd - phase.FaultStart).TotalSeconds:0.0} s");
    }

    /// <summary>
    /// A graceful stop (SIGTERM) of a silo or an API node: the requests in flight finish, and no request fails except with
    /// an answer that tells the client to retry (503 or 429, each with Retry-After). A dropped connection, a timeout or any
    /// other 5xx from the fault's start until shortly after the cluster is whole again breaks it.
    /// </summary>
    private static Check GracefulStop(Phase phase)
    {
        var window = phase.Failures.Where(f => f.Time >= phase.FaultStart && f.Time <= phase.FaultEnd + TimeSpan.FromSeconds(5)).ToList();
        var broken = window.Where(f => f.Status is not (503 or 429)).ToList();
        return Verdict(
            "a graceful stop failed no request except with a retryable answer",
            broken.Select(f => $"{f.Endpoint}: {f.Status?.ToString(CultureInfo.InvariantCulture) ?? f.Error} at {(f.Time - phase.FaultStart).TotalSeconds:0.0} s").Take(10).ToList(),
            $"{window.Count} failed attempts while it stopped, {window.Count - broken.Count} of them 503 or 429");
    }

    private async Task<string> TokenAsync(string email)
    {
        if (!_tokens.TryGetValue(email, out var token))
        {
            _tokens[email] = token = await shop.LoginAsync(email, World.CustomerPassword);
        }

        return token;
    }

    /// <summary>Polls until the probe holds or <see cref="Settle"/> passed; returns the last value and whether it held.</summary>
    private static async Task<(T Value, bool Holds)> Eventually<T>(Func<Task<(T Value, bool Holds)>> probe)
    {
        var deadline = DateTime.UtcNow + Settle;
        while (true)
        {
            var result = await probe();
            if (result.Holds || DateTime.UtcNow > deadline)
            {
                return result;
            }

            await Task.Delay(500);
        }
    }

    private static Check Verdict(string name, List<string> problems, string figures) =>
        new(name, problems.Count == 0, problems.Count == 0 ? figures : $"{figures}; {problems.Count} problems: {string.Join("; ", problems.Take(5))}");

    private sealed record Expected(string Owner, string Type, string Order);

    private static string Text(JsonNode node, string name) => node[name]?.GetValue<string>() ?? "";
}

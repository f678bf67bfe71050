using System.Collections.Concurrent;
using EcommerceBackend.Load.Options;
using EcommerceBackend.Load.Recording;
using EcommerceBackend.Load.Running;

namespace EcommerceBackend.Load.Setup;

/// <summary>A customer the generator acts as.</summary>
public sealed record LoadCustomer(string Id, string Email, string Token);

/// <summary>An order the generator placed and may cancel later.</summary>
public sealed record PlacedOrder(string Id, string CustomerId, IReadOnlyList<LedgerLine> Lines);

/// <summary>
/// What the run made through the API before the load: products (a few hot ones with little stock, the rest
/// plentiful) in a category of the run's own, and customers. Shared by every virtual user.
/// </summary>
public sealed class World
{
    public const string CustomerPassword = "LoadPass123!";

    /// <summary>The words product names are made of, which the search scenario looks for.</summary>
    public static readonly string[] Words = ["amber", "birch", "cobalt", "dune", "ember", "fjord", "granite", "harbor", "indigo", "juniper"];

    private static readonly string[] Kinds = ["lamp", "kettle", "chair", "backpack", "headset", "notebook", "blender"];

    private readonly ConcurrentDictionary<string, ConcurrentQueue<PlacedOrder>> _cancellable = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _taken = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _maybeTaken = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _maybeReturned = new(StringComparer.Ordinal);
    private long _keys;
    private long _emails;

    private World(string runId, string adminToken, List<ProductRecord> products, List<LoadCustomer> customers)
    {
        RunId = runId;
        AdminToken = adminToken;
        Products = products;
        Hot = products.Where(p => p.Hot).ToList();
        Plentiful = products.Where(p => !p.Hot).ToList();
        Customers = customers;
    }

    public string RunId { get; }

    public string Category => $"load-{RunId}";

    public string AdminToken { get; }

    public IReadOnlyList<ProductRecord> Products { get; }

    public IReadOnlyList<ProductRecord> Hot { get; }

    public IReadOnlyList<ProductRecord> Plentiful { get; }

    public IReadOnlyList<LoadCustomer> Customers { get; }

    public RunSetupRecord Record => new()
    {
        RunId = RunId,
        Category = Category,
        Products = Products,
        Customers = Customers.Select(c => new CustomerRecord(c.Id, c.Email)).ToList(),
    };

    /// <summary>A new Idempotency-Key, unique to this run.</summary>
    public string NextKey() => $"load-{RunId}-{Interlocked.Increment(ref _keys)}";

    /// <summary>A new email address, unique to this run.</summary>
    public string NextEmail() => $"load-{RunId}-new-{Interlocked.Increment(ref _emails)}@example.com";

    /// <summary>An order acknowledged with 201: its units are taken, and it may be cancelled.</summary>
    public void Placed(PlacedOrder order)
    {
        Add(_taken, order.Lines, 1);
        _cancellable.GetOrAdd(order.CustomerId, _ => new()).Enqueue(order);
    }

    /// <summary>A cancellation answered 200: the order's units are back.</summary>
    public void Cancelled(PlacedOrder order) => Add(_taken, order.Lines, -1);

    /// <summary>An order nothing settled: its units may or may not be taken.</summary>
    public void MaybePlaced(IReadOnlyList<LedgerLine> lines) => Add(_maybeTaken, lines, 1);

    /// <summary>A cancellation nothing settled: the order's units may or may not be back.</summary>
    public void MaybeCancelled(PlacedOrder order) => Add(_maybeReturned, order.Lines, 1);

    /// <summary>The stock each product should have now, from what the API acknowledged: a range when some answers never came.</summary>
    public IEnumerable<(ProductRecord Product, long Min, long Max)> ExpectedStock() => Products.Select(p =>
    {
        var expected = p.InitialStock - _taken.GetValueOrDefault(p.Id);
        return (p, expected - _maybeTaken.GetValueOrDefault(p.Id), expected + _maybeReturned.GetValueOrDefault(p.Id));
    });

    private static void Add(ConcurrentDictionary<string, long> counts, IEnumerable<LedgerLine> lines, int sign)
    {
        foreach (var line in lines)
        {
            counts.AddOrUpdate(line.ProductId, sign * (long)line.Quantity, (_, n) => n + (sign * (long)line.Quantity));
        }
    }

    /// <summary>An order of the customer's that no one has tried to cancel yet, or null.</summary>
    public PlacedOrder? TakeCancellable(string customerId) =>
        _cancellable.TryGetValue(customerId, out var orders) && orders.TryDequeue(out var order) ? order : null;

    /// <summary>Logs in as the administrator, creates the products and registers the customers.</summary>
    public static async Task<World> CreateAsync(ApiClient api, LoadOptions options, CancellationToken stop)
    {
        var runId = Guid.NewGuid().ToString("N")[..8];
        var admin = await api.SetupAsync(HttpMethod.Post, "/api/customers/login", new { email = options.AdminEmail, password = options.AdminPassword }, null, stop);
        var adminToken = admin["token"]!.GetValue<string>();

        var specs = Enumerable.Range(0, options.HotProducts).Select(i => (Hot: true, Index: i))
            .Concat(Enumerable.Range(0, options.Products).Select(i => (Hot: false, Index: i)))
            .ToList();
        var products = new ProductRecord[specs.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, specs.Count), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = stop }, async (i, ct) =>
        {
            var (hot, index) = specs[i];
            var name = $"{(hot ? "hot " : "")}{Words[index % Words.Length]} {Kinds[index % Kinds.Length]} {runId}-{index}";
            var price = 5m + (index % 40) + 0.99m;
            var stock = hot ? options.HotStock : options.Stock;
            var created = await api.SetupAsync(HttpMethod.Post, "/api/products", new
            {
                name,
                description = $"Made by the load generator, run {runId}.",
                price,
                stock,
                category = $"load-{runId}",
            }, adminToken, ct);
            products[i] = new ProductRecord(created["id"]!.GetValue<string>(), name, price, stock, hot);
        });

        var customers = new LoadCustomer[options.CustomerCount];
        // Registration hashes a password: a few at a time, so the setup does not swamp the server.
        await Parallel.ForEachAsync(Enumerable.Range(0, customers.Length), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = stop }, async (i, ct) =>
        {
            var email = $"load-{runId}-{i}@example.com";
            var registered = await api.SetupAsync(HttpMethod.Post, "/api/customers/register", new
            {
                name = $"Load customer {i}",
                email,
                password = CustomerPassword,
            }, null, ct);
            customers[i] = new LoadCustomer(registered["customer"]!["id"]!.GetValue<string>(), email, registered["token"]!.GetValue<string>());
        });

        return new World(runId, adminToken, [.. products], [.. customers]);
    }
}

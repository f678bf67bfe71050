using System.Diagnostics;
using EcommerceBackend.Contracts;
using EcommerceBackend.Contracts.Customers;
using EcommerceBackend.Contracts.Orders;
using EcommerceBackend.Contracts.Products;
using EcommerceBackend.Grains.Customers;
using EcommerceBackend.Grains.Orders;
using EcommerceBackend.Grains.Products;
using EcommerceBackend.Grains.Tests.Infrastructure;
using Orleans.TestingHost;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace EcommerceBackend.Grains.Tests.Analytics;

/// <summary>
/// The random shop traffic of the accuracy test, called through the grains as an API node calls them: customers
/// register, products are created, orders are placed (some in concurrent bursts), confirmed, shipped, delivered
/// and cancelled, illegal moves are attempted, and midway a secondary silo is killed while a burst is in flight.
/// Every choice comes from one seeded <see cref="Random"/>, drawn on the test's thread only; the interleaving of
/// concurrent calls (and what the kill interrupts) still varies from run to run.
/// <para>
/// What the workload remembers serves only to pick its next request; the test's expected totals are read back
/// from the grains afterwards. <see cref="OrderIds"/> lists every order id it tried to place, refused ones too.
/// </para>
/// </summary>
public sealed class AccuracyWorkload(AccuracyCluster cluster, int seed, ITestOutputHelper output, Stopwatch clock)
{
    /// <summary>Orders the workload places, roughly; some are refused for want of stock.</summary>
    public const int Placements = 320;

    private const string Admin = "analytics-accuracy-admin";
    private static readonly TimeSpan RetryBudget = TimeSpan.FromSeconds(60);
    private static readonly OrderStatus[] Targets = [OrderStatus.Confirmed, OrderStatus.Shipped, OrderStatus.Delivered, OrderStatus.Cancelled];

    private static readonly ShippingAddress Address = new()
    {
        Street = "12 Difference Engine Lane",
        City = "Manchester",
        State = "Greater Manchester",
        ZipCode = "M1 1AA",
        Country = "UK",
    };

    private readonly Random _random = new(seed);
    private readonly List<string> _customerIds = [];
    private readonly List<(string Id, int Weight)> _products = [];
    private readonly List<string> _orderIds = [];
    private readonly List<string> _placed = [];
    private readonly Dictionary<string, PlaceOrder> _requests = [];
    private readonly Dictionary<string, OrderStatus> _lastSeen = [];
    private int _retries;
    private int _created;
    private int _stockRefusals;
    private int _replays;
    private int _moves;
    private int _illegalRefusals;

    /// <summary>Every order id a placement was tried under.</summary>
    public IReadOnlyList<string> OrderIds => _orderIds;

    /// <summary>Calls made again after a failure so far.</summary>
    public int Retries => _retries;

    /// <summary>Every customer registered.</summary>
    public IReadOnlyList<string> CustomerIds => _customerIds;

    /// <summary>Every product created.</summary>
    public IReadOnlyList<string> ProductIds => [.. _products.Select(p => p.Id)];

    private IGrainFactory Grains => cluster.Grains;

    /// <summary>Runs the whole workload: set-up, the first half, the kill during a burst, the second half with a replacement silo joining.</summary>
    public async Task RunAsync()
    {
        await RegisterCustomersAsync();
        await CreateProductsAsync();
        output.WriteLine($"[{clock.Elapsed:mm\\:ss\\.f}] {_customerIds.Count} customers, {_products.Count} products");

        await RunUntilAsync(Placements / 2);
        var victim = cluster.Cluster.SecondarySilos[_random.Next(cluster.Cluster.SecondarySilos.Count)];
        output.WriteLine($"[{clock.Elapsed:mm\\:ss\\.f}] {_placed.Count} orders placed; killing {victim.Name} ({victim.SiloAddress}) during a burst");
        await KillDuringBurstAsync(victim);
        output.WriteLine($"[{clock.Elapsed:mm\\:ss\\.f}] burst done, {_retries} call(s) retried so far");

        await RunUntilAsync(Placements * 2 / 3);
        // A replacement joins while traffic flows: the queues are handed out again, another chance to lose or repeat events.
        output.WriteLine($"[{clock.Elapsed:mm\\:ss\\.f}] starting a replacement silo");
        var replacement = cluster.Cluster.StartAdditionalSiloAsync();
        await RestockAsync();
        await RunUntilAsync(Placements);
        await replacement;
        output.WriteLine(
            $"[{clock.Elapsed:mm\\:ss\\.f}] done: {_orderIds.Count} placements tried, {_created} orders created, {_stockRefusals} refused for stock, "
            + $"{_replays} idempotent replays, {_moves} status moves, {_illegalRefusals} illegal moves refused, {_retries} call(s) retried after a failure");
    }

    /// <summary>
    /// Calls a grain until it answers: a call caught by the kill (the silo gone, the grain moving, a storage conflict
    /// between the old and the new activation) fails and is made again, as a client with an idempotency key would.
    /// </summary>
    public async Task<T> RetryAsync<T>(Func<Task<T>> call)
    {
        var trying = Stopwatch.StartNew();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (Exception ex) when (ex is not XunitException && trying.Elapsed < RetryBudget)
            {
                if (Interlocked.Increment(ref _retries) <= 5)
                {
                    output.WriteLine($"  retrying after {ex.GetType().Name}: {ex.Message.Split('\n')[0]}");
                }

                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(1000, 50 << Math.Min(attempt, 5))));
            }
        }
    }

    private async Task RegisterCustomersAsync()
    {
        var emails = Enumerable.Range(0, 12).Select(i => TestData.NewEmail($"analytics-{i}")).ToList();
        _customerIds.AddRange(await Task.WhenAll(emails.Select(RegisterAsync)));

        // A second account under a taken address is refused, and must not count as a registration.
        var taken = emails[_random.Next(emails.Count)];
        var again = await RetryAsync(() => EmailGrain(taken.ToUpperInvariant()).RegisterAsync(TestData.NewCustomer(taken.ToUpperInvariant())));
        Assert.True(again.EmailTaken, $"a second registration of {taken} was accepted");
    }

    /// <summary>
    /// Registers a fresh address. A retry after a lost answer finds the address taken by the first attempt: the
    /// account is then the one that logs in with the password given.
    /// </summary>
    private async Task<string> RegisterAsync(string email)
    {
        var customer = TestData.NewCustomer(email);
        var registered = (await RetryAsync(() => EmailGrain(email).RegisterAsync(customer))).Customer
            ?? await RetryAsync(() => EmailGrain(email).AuthenticateAsync(customer.Password));
        Assert.True(registered is not null, $"registering {email} was refused, and no account of it logs in");
        return registered.Id;
    }

    private async Task CreateProductsAsync()
    {
        // Eight plentiful products and two scarce ones, picked less often, that fall below the low-stock threshold
        // during the run and then run out, so some placements are refused and cancellations bring stock back.
        for (var i = 0; i < 10; i++)
        {
            var scarce = i >= 8;
            var product = TestData.NewProduct(
                "analytics-accuracy",
                name: $"Accuracy product {i} {TestData.Token()[..8]}",
                price: _random.Next(199, 25_000) / 100m,
                stock: scarce ? _random.Next(25, 45) : 5_000);
            // A retry after a lost answer finds the product made by the first attempt (create answers null for a used id).
            var grain = Grains.GetGrain<IProductGrain>(EntityId.New());
            var created = await RetryAsync(() => grain.CreateAsync(product)) ?? await RetryAsync(grain.GetAsync);
            Assert.True(created is not null, $"product {grain.GetPrimaryKeyString()} was neither created nor found");
            _products.Add((created.Id, scarce ? 1 : 4));
        }
    }

    /// <summary>An admin sets one scarce product's stock again (it may then leave the low-stock list, or stay on it).</summary>
    private async Task RestockAsync()
    {
        var product = _products[8 + _random.Next(2)].Id;
        var stock = _random.Next(AccuracyCluster.LowStockThreshold - 4, AccuracyCluster.LowStockThreshold + 8);
        var restocked = await RetryAsync(() => Grains.GetGrain<IProductGrain>(product).UpdateAsync(new ProductChanges { Stock = stock }));
        Assert.True(restocked?.Stock == stock, $"restocking {product} to {stock} answered {restocked?.Stock}");
    }

    /// <summary>Single requests and concurrent bursts until <paramref name="placed"/> placements were tried.</summary>
    private async Task RunUntilAsync(int placed)
    {
        while (_orderIds.Count < placed)
        {
            if (_random.NextDouble() < 0.4)
            {
                var burst = Enumerable.Range(0, _random.Next(4, 24)).Select(_ => NextRequest()).ToList();
                Check(await Task.WhenAll(burst.Select(SendAsync)));
            }
            else
            {
                Check([await SendAsync(NextRequest())]);
            }
        }
    }

    /// <summary>A burst of 40 requests; once a quarter of them have been answered, the silo dies under the rest.</summary>
    private async Task KillDuringBurstAsync(SiloHandle victim)
    {
        var burst = Enumerable.Range(0, 40).Select(_ => NextRequest()).ToList();
        var answered = 0;
        var quarter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = burst.Select(async request =>
        {
            var outcome = await SendAsync(request);
            if (Interlocked.Increment(ref answered) == burst.Count / 4)
            {
                quarter.TrySetResult();
            }

            return outcome;
        }).ToList();
        // (Should the burst end early, every call having failed, the kill still comes and the failures surface below.)
        await Task.WhenAny(quarter.Task, Task.WhenAll(calls));
        await cluster.Cluster.KillSiloAsync(victim);
        Check(await Task.WhenAll(calls));
    }

    private Request NextRequest()
    {
        var roll = _random.NextDouble();
        if (_placed.Count == 0 || roll < 0.4)
        {
            return NewPlacement();
        }

        var orderId = _placed[_random.Next(_placed.Count)];
        if (roll < 0.43)
        {
            // The same request again under the same order id: a client's retry, which must not make a second order.
            return new Request(orderId, _requests[orderId], Replay: true, null, ViaCancel: false);
        }

        var target = NextTarget(_lastSeen[orderId]);
        // A cancellation goes through CancelAsync (DELETE) or ChangeStatusAsync (PATCH to cancelled): both are API paths.
        return new Request(orderId, null, Replay: false, target, ViaCancel: target == OrderStatus.Cancelled && _random.Next(2) == 0);
    }

    private Request NewPlacement()
    {
        var orderId = EntityId.New();
        var lines = new Dictionary<string, int>();
        var count = _random.Next(1, 4);
        while (lines.Count < count)
        {
            lines[PickProduct()] = _random.Next(1, 5);
        }

        var customerId = _customerIds[_random.Next(_customerIds.Count)];
        var request = new PlaceOrder
        {
            CustomerId = customerId,
            Items = [.. lines.Select(l => new OrderLineRequest { ProductId = l.Key, Quantity = l.Value })],
            ShippingAddress = Address,
            Actor = customerId,
            RequestHash = string.Join(";", lines.Select(l => $"{l.Key}x{l.Value}")),
        };
        _orderIds.Add(orderId);
        _requests[orderId] = request;
        return new Request(orderId, request, Replay: false, null, ViaCancel: false);
    }

    private string PickProduct()
    {
        var pick = _random.Next(_products.Sum(p => p.Weight));
        foreach (var (id, weight) in _products)
        {
            if ((pick -= weight) < 0)
            {
                return id;
            }
        }

        throw new UnreachableException();
    }

    /// <summary>Mostly the next legal step from the status last seen (which a concurrent request may have changed); sometimes any move, legal or not.</summary>
    private OrderStatus NextTarget(OrderStatus last)
    {
        if (_random.NextDouble() < 0.25)
        {
            return Targets[_random.Next(Targets.Length)];
        }

        return last switch
        {
            OrderStatus.Pending => _random.NextDouble() < 0.6 ? OrderStatus.Confirmed : OrderStatus.Cancelled,
            OrderStatus.Confirmed => _random.NextDouble() < 0.7 ? OrderStatus.Shipped : OrderStatus.Cancelled,
            OrderStatus.Shipped => _random.NextDouble() < 0.8 ? OrderStatus.Delivered : OrderStatus.Cancelled,
            _ => Targets[_random.Next(Targets.Length)],
        };
    }

    private async Task<Outcome> SendAsync(Request request)
    {
        var order = Grains.GetGrain<IOrderGrain>(request.OrderId);
        var result = request switch
        {
            { Placement: { } placement } => await RetryAsync(() => order.PlaceAsync(placement)),
            { Target: OrderStatus.Cancelled, ViaCancel: true } => await RetryAsync(() => order.CancelAsync(Admin)),
            { Target: { } target } => await RetryAsync(() => order.ChangeStatusAsync(target, Admin)),
            _ => throw new UnreachableException(),
        };
        return new Outcome(request, result);
    }

    /// <summary>Checks each answer for what the API would accept, and notes what the order now looks like.</summary>
    private void Check(IEnumerable<Outcome> outcomes)
    {
        foreach (var (request, result) in outcomes)
        {
            if (request.Placement is not null)
            {
                if (result.Failure == OrderFailure.InsufficientStock && !request.Replay)
                {
                    _stockRefusals++;
                    continue;
                }

                Assert.True(result.Succeeded, $"placing {request.OrderId} failed: {result.Failure} ({result.ProductId})");
                var order = result.Order;
                Assert.True(order?.Id == request.OrderId, $"placing {request.OrderId} answered order {order?.Id}");

                if (request.Replay)
                {
                    Assert.False(result.Created, $"a replay of {request.OrderId} created an order");
                    _replays++;
                }
                else if (result.Created)
                {
                    _created++;
                }

                if (!_lastSeen.ContainsKey(request.OrderId))
                {
                    _placed.Add(request.OrderId);
                }

                _lastSeen[request.OrderId] = order!.Status;
                continue;
            }

            var target = request.Target!.Value;
            var seen = result.Order;
            Assert.True(seen is not null, $"moving {request.OrderId} to {target} answered {result.Failure} without the order");
            if (result.Succeeded)
            {
                Assert.True(seen.Status == target, $"moving {request.OrderId} to {target} succeeded but left it {seen.Status}");
                _moves++;
            }
            else
            {
                // Refused: only because the order stood where that move is not allowed.
                Assert.True(result.Failure == OrderFailure.IllegalTransition, $"moving {request.OrderId} from {seen.Status} to {target} failed: {result.Failure}");
                Assert.False(OrderGrain.IsLegal(seen.Status, target), $"{request.OrderId}: the legal move {seen.Status} → {target} was refused");
                _illegalRefusals++;
            }

            _lastSeen[request.OrderId] = seen.Status;
        }
    }

    private ICustomerEmailGrain EmailGrain(string email) => Grains.GetGrain<ICustomerEmailGrain>(EmailAddress.Normalize(email));

    /// <summary>A placement (new, or a replay of an earlier one), or a move to <see cref="Target"/> (a cancellation through CancelAsync when <see cref="ViaCancel"/>).</summary>
    private sealed record Request(string OrderId, PlaceOrder? Placement, bool Replay, OrderStatus? Target, bool ViaCancel);

    private sealed record Outcome(Request Request, OrderResult Result);
}

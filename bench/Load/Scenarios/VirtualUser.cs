using System.Globalization;
using EcommerceBackend.Load.Options;
using EcommerceBackend.Load.Recording;
using EcommerceBackend.Load.Running;
using EcommerceBackend.Load.Setup;

namespace EcommerceBackend.Load.Scenarios;

/// <summary>One user of the shop: a customer, a random source of its own, and the actions of <see cref="ActionKind"/>.</summary>
public sealed class VirtualUser(ApiClient api, World world, LoadOptions options, Ledger ledger, LoadCustomer customer, Random random)
{
    private const int PageSize = 20;

    private static readonly object Address = new
    {
        street = "1 Load Street",
        city = "Springfield",
        state = "IL",
        zipCode = "62701",
        country = "USA",
    };

    private static readonly int[] OrderExpected = [404, 409];
    private static readonly int[] CancelExpected = [404, 409];
    private static readonly int[] LoginExpected = [401];
    private static readonly int[] RegisterExpected = [409];

    public LoadCustomer Customer { get; } = customer;

    public Task RunAsync(ActionKind kind, CancellationToken stop) => kind switch
    {
        ActionKind.Get => GetProductAsync(stop),
        ActionKind.List => ListAsync(stop),
        ActionKind.Search => SearchAsync(stop),
        ActionKind.Register => RegisterAsync(stop),
        ActionKind.Login => LoginAsync(Customer.Email, stop),
        ActionKind.Order => OrderAsync(stop),
        ActionKind.Cancel => CancelAsync(stop),
        ActionKind.MyOrders => MyOrdersAsync(stop),
        ActionKind.Ceiling => api.SendAsync("GET /api/bench/ceiling", HttpMethod.Get, "/api/bench/ceiling", null, null, stop),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private Task<Answer> GetProductAsync(CancellationToken stop)
    {
        var product = world.Products[random.Next(world.Products.Count)];
        return api.SendAsync("GET /api/products/{id}", HttpMethod.Get, $"/api/products/{product.Id}", null, null, stop);
    }

    private Task<Answer> ListAsync(CancellationToken stop)
    {
        var pages = (world.Products.Count + PageSize - 1) / PageSize;
        var page = random.Next(1, pages + 1);
        return api.SendAsync(
            "GET /api/products", HttpMethod.Get,
            string.Create(CultureInfo.InvariantCulture, $"/api/products?category={world.Category}&page={page}&limit={PageSize}"), null, null, stop);
    }

    private Task<Answer> SearchAsync(CancellationToken stop)
    {
        var word = World.Words[random.Next(World.Words.Length)];
        return api.SendAsync("GET /api/products/search", HttpMethod.Get, $"/api/products/search?q={word}&limit={PageSize}", null, null, stop);
    }

    private Task<Answer> MyOrdersAsync(CancellationToken stop) =>
        api.SendAsync("GET /api/orders/customer/{customerId}", HttpMethod.Get, $"/api/orders/customer/{Customer.Id}?limit=10", null, Customer.Token, stop);

    private async Task RegisterAsync(CancellationToken stop)
    {
        var email = world.NextEmail();
        var registered = await api.SendAsync(
            "POST /api/customers/register", HttpMethod.Post, "/api/customers/register",
            new { name = "Load newcomer", email, password = World.CustomerPassword }, null, stop, expected: RegisterExpected);
        if (registered.IsSuccess)
        {
            await LoginAsync(email, stop);
        }
    }

    private Task<Answer> LoginAsync(string email, CancellationToken stop) =>
        api.SendAsync(
            "POST /api/customers/login", HttpMethod.Post, "/api/customers/login",
            new { email, password = World.CustomerPassword }, null, stop, expected: LoginExpected);

    /// <summary>
    /// Places an order as a careful client does: a new Idempotency-Key, and the same request again with the same key
    /// after a 5xx, a 429, a timeout or a broken connection, with doubling pauses. Every outcome goes in the ledger.
    /// </summary>
    private async Task OrderAsync(CancellationToken stop)
    {
        var lines = Lines();
        var key = world.NextKey();
        var body = new
        {
            customerId = Customer.Id,
            items = lines.Select(l => new { productId = l.ProductId, quantity = l.Quantity }),
            shippingAddress = Address,
        };
        var stats = api.Stats;
        var entry = new LedgerEntry { Type = "", Phase = api.Phase, Key = key, CustomerId = Customer.Id, Lines = lines };
        Answer answer = default;
        var attempts = 0;
        try
        {
            while (true)
            {
                attempts++;
                answer = await api.SendAsync("POST /api/orders", HttpMethod.Post, "/api/orders", body, Customer.Token, stop, key, OrderExpected);
                if (!answer.IsRetryable || attempts > options.Retries)
                {
                    break;
                }

                if (attempts == 1)
                {
                    Interlocked.Increment(ref stats.OrdersRetried);
                }

                await Task.Delay(Backoff(attempts), stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            Interlocked.Increment(ref stats.OrdersUnresolved);
            world.MaybePlaced(lines);
            ledger.Add(entry with { Type = "order-unresolved", Attempts = attempts, Error = "cut at the end of the drain" });
            return;
        }

        if (answer.Status == 201 && answer.Json() is { } order)
        {
            var id = order["id"]!.GetValue<string>();
            Interlocked.Increment(ref stats.OrdersAcknowledged);
            ledger.Add(entry with
            {
                Type = "order",
                OrderId = id,
                Status = 201,
                Attempts = attempts,
                Replayed = answer.Replayed,
                Total = order["total"]?.GetValue<decimal>(),
            });
            world.Placed(new PlacedOrder(id, Customer.Id, lines));
        }
        else if (answer.IsRetryable)
        {
            Interlocked.Increment(ref stats.OrdersUnresolved);
            world.MaybePlaced(lines);
            ledger.Add(entry with
            {
                Type = "order-unresolved",
                Attempts = attempts,
                Status = answer.Failure is null ? answer.Status : null,
                Error = answer.Failure?.ToString().ToLowerInvariant() ?? "retries exhausted",
            });
        }
        else
        {
            Interlocked.Increment(ref stats.OrdersRejected);
            ledger.Add(entry with { Type = "order-rejected", Attempts = attempts, Status = answer.Status, Title = answer.Title() });
        }
    }

    /// <summary>Cancels one of the customer's orders, retrying as <see cref="OrderAsync"/> does; places one when there is none.</summary>
    private async Task CancelAsync(CancellationToken stop)
    {
        if (world.TakeCancellable(Customer.Id) is not { } order)
        {
            await OrderAsync(stop);
            return;
        }

        var stats = api.Stats;
        Answer answer;
        var attempts = 0;
        try
        {
            while (true)
            {
                attempts++;
                answer = await api.SendAsync("DELETE /api/orders/{id}", HttpMethod.Delete, $"/api/orders/{order.Id}", null, Customer.Token, stop, expected: CancelExpected);
                if (!answer.IsRetryable || attempts > options.Retries)
                {
                    break;
                }

                await Task.Delay(Backoff(attempts), stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            world.MaybeCancelled(order);
            ledger.Add(new LedgerEntry { Type = "cancel", Phase = api.Phase, OrderId = order.Id, CustomerId = Customer.Id, Attempts = attempts, Error = "cut at the end of the drain" });
            return;
        }

        if (answer.Status == 200)
        {
            Interlocked.Increment(ref stats.Cancellations);
            world.Cancelled(order);
        }
        else if (answer.IsRetryable || (attempts > 1 && answer.Status == 409))
        {
            // A 409 after a retry may answer a first attempt that did cancel it.
            world.MaybeCancelled(order);
        }

        ledger.Add(new LedgerEntry
        {
            Type = "cancel",
            Phase = api.Phase,
            OrderId = order.Id,
            CustomerId = Customer.Id,
            Attempts = attempts,
            Status = answer.Failure is null ? answer.Status : null,
            Error = answer.Failure?.ToString().ToLowerInvariant(),
        });
    }

    /// <summary>1 to MaxLines lines, each for a hot product with HotShare's chance (one unit) or a plentiful one (1 to 3), merged by product.</summary>
    private List<LedgerLine> Lines()
    {
        var count = random.Next(1, options.MaxLines + 1);
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var hot = world.Hot.Count > 0 && random.NextDouble() < options.HotShare;
            var product = hot ? world.Hot[random.Next(world.Hot.Count)] : world.Plentiful[random.Next(world.Plentiful.Count)];
            lines[product.Id] = lines.GetValueOrDefault(product.Id) + (hot ? 1 : random.Next(1, 4));
        }

        return lines.Select(l => new LedgerLine(l.Key, l.Value)).ToList();
    }

    /// <summary>100 ms, 200 ms, … up to 2 s, with up to half again at random so retries spread out.</summary>
    private TimeSpan Backoff(int attempt)
    {
        var ms = Math.Min(2000, 100 * (1 << Math.Min(attempt - 1, 5)));
        return TimeSpan.FromMilliseconds(ms + random.Next(ms / 2 + 1));
    }
}

using EcommerceBackend.Contracts;
using EcommerceBackend.Contracts.Customers;
using EcommerceBackend.Contracts.Events;
using EcommerceBackend.Contracts.Orders;
using EcommerceBackend.Grains.Storage;
using Microsoft.Extensions.Logging;

namespace EcommerceBackend.Grains.Orders;

/// <summary>The persisted state of an order.</summary>
[GenerateSerializer, Immutable, Alias("ecommerce.OrderState")]
public sealed record OrderState
{
    /// <summary>The order; <see langword="null"/> until placed.</summary>
    [Id(0)] public OrderDetails? Order { get; init; }

    /// <summary>The digest of the placing request, to tell a retry from a different request under the same key.</summary>
    [Id(1)] public string? RequestHash { get; init; }

    /// <summary>For a cancelled order: whether every line's stock is back. Until then, activation retries the release.</summary>
    [Id(3)] public bool StockReturned { get; init; }
}

/// <inheritdoc cref="IOrderGrain"/>
public sealed partial class OrderGrain(
    [StoredState("order", StorageNames.Orders)] IStoredState<OrderState> state,
    TimeProvider time,
    ILogger<OrderGrain> logger) : Grain, IOrderGrain
{
    private const string Source = "ecommerce-backend/orders";

    private string OrderId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Order is { Status: OrderStatus.Cancelled } && !state.State.StockReturned)
        {
            await ReturnStockAsync();
        }
    }

    public async Task<OrderResult> PlaceAsync(PlaceOrder request)
    {
        if (state.State.Order is { } existing)
        {
            if (state.State.RequestHash != request.RequestHash)
            {
                return new OrderResult { Failure = OrderFailure.IdempotencyKeyReused, Order = null };
            }

            // A retry: the order stands; make sure the customer's list has it (a no-op when it does).
            await CustomerOrders(existing.CustomerId).AddAsync(existing.Id, existing.CreatedAt);
            return new OrderResult { Order = existing };
        }

        if (request.Items.Count == 0 || request.Items.DistinctBy(l => l.ProductId).Count() != request.Items.Count)
        {
            // One line per product is what makes a repeated reservation a retry: callers merge their lines.
            throw new ArgumentException("An order needs at least one line, and one line per product.", nameof(request));
        }

        if (await GrainFactory.GetGrain<ICustomerGrain>(request.CustomerId).GetProfileAsync() is null)
        {
            return new OrderResult { Failure = OrderFailure.UnknownCustomer };
        }

        // Every line's stock is taken in its own product grain, concurrently; all or none stays taken.
        var reservations = await ReserveAllAsync(request.Items);
        var failed = request.Items.Select((line, i) => (line, result: reservations[i])).FirstOrDefault(r => !r.result.Reserved);
        if (failed.result is { } failure)
        {
            await ReleaseAsync(request.Items.Where((_, i) => reservations[i].Reserved).Select(l => l.ProductId));
            if (failure.Exists)
            {
                ShopMetrics.ReservationsRefused.Add(1);
            }

            return failure.Exists
                ? new OrderResult { Failure = OrderFailure.InsufficientStock, ProductId = failed.line.ProductId, Available = failure.Available, Requested = failed.line.Quantity }
                : new OrderResult { Failure = OrderFailure.UnknownProduct, ProductId = failed.line.ProductId };
        }

        var now = time.GetUtcNow();
        var lines = request.Items.Select((line, i) => new OrderLine
        {
            ProductId = line.ProductId,
            Name = reservations[i].Name,
            UnitPrice = reservations[i].UnitPrice,
            Quantity = line.Quantity,
        }).ToList();
        var order = new OrderDetails
        {
            Id = OrderId,
            CustomerId = request.CustomerId,
            Items = lines,
            ShippingAddress = request.ShippingAddress,
            Status = OrderStatus.Pending,
            Total = lines.Sum(l => l.LineTotal),
            CreatedAt = now,
            UpdatedAt = now,
            History = [new OrderStatusChange { Status = OrderStatus.Pending, At = now, Actor = request.Actor }],
        };
        // The order stands once stored: its event goes out in the background while the customer's list records it.
        await state.CommitAsync(
            state.State with { Order = order, RequestHash = request.RequestHash },
            Event(EventTypes.OrderCreated, order, previous: null, request.Actor));
        ShopMetrics.OrdersPlaced.Add(1);
        await CustomerOrders(order.CustomerId).AddAsync(order.Id, order.CreatedAt);
        return new OrderResult { Order = order, Created = true };
    }

    public Task<OrderDetails?> GetAsync() => Task.FromResult(state.State.Order);

    public async Task<OrderResult> ChangeStatusAsync(OrderStatus status, string actor)
    {
        if (state.State.Order is not { } order)
        {
            return new OrderResult { Failure = OrderFailure.NotFound };
        }

        if (status == OrderStatus.Cancelled)
        {
            return await CancelAsync(actor);
        }

        if (status == order.Status)
        {
            // Setting the status it already has is a retry, not a move.
            return new OrderResult { Order = order };
        }

        if (!IsLegal(order.Status, status))
        {
            return new OrderResult { Failure = OrderFailure.IllegalTransition, Order = order };
        }

        var changed = Move(order, status, actor);
        await state.CommitAsync(state.State with { Order = changed }, Event(EventTypes.OrderUpdated, changed, order.Status, actor));
        if (status == OrderStatus.Shipped)
        {
            // Shipped stock can never come back: the products can forget these reservations.
            await ForEachLineAsync(changed.Items.Select(l => l.ProductId), (stock, id) => stock.CommitAsync(id));
        }

        return new OrderResult { Order = changed };
    }

    public async Task<OrderResult> CancelAsync(string actor)
    {
        if (state.State.Order is not { } order)
        {
            return new OrderResult { Failure = OrderFailure.NotFound };
        }

        if (order.Status == OrderStatus.Cancelled)
        {
            // A retry. If the first attempt stored the cancellation but failed to return the stock (or to
            // publish), finish that now rather than leave the units held until a next activation that may
            // never come. Each product returns an order's units at most once.
            if (!state.State.StockReturned)
            {
                await ReturnStockAsync();
            }

            return new OrderResult { Order = order };
        }

        if (!IsLegal(order.Status, OrderStatus.Cancelled))
        {
            return new OrderResult { Failure = OrderFailure.IllegalTransition, Order = order };
        }

        var cancelled = Move(order, OrderStatus.Cancelled, actor);
        // The event goes out once stored; a failing stock return must not hold it back (a repeated cancel finishes the return).
        await state.CommitAsync(
            state.State with { Order = cancelled, StockReturned = false },
            Event(EventTypes.OrderCancelled, cancelled, order.Status, actor));
        await ReturnStockAsync();
        return new OrderResult { Order = cancelled };
    }

    /// <summary>The status machine: one step forward, or cancelled before shipping.</summary>
    public static bool IsLegal(OrderStatus from, OrderStatus to) => (from, to) switch
    {
        (OrderStatus.Pending, OrderStatus.Confirmed) => true,
        (OrderStatus.Confirmed, OrderStatus.Shipped) => true,
        (OrderStatus.Shipped, OrderStatus.Delivered) => true,
        (OrderStatus.Pending or OrderStatus.Confirmed, OrderStatus.Cancelled) => true,
        _ => false,
    };

    private OrderDetails Move(OrderDetails order, OrderStatus status, string actor)
    {
        var now = time.GetUtcNow();
        return order with
        {
            Status = status,
            UpdatedAt = now,
            History = [.. order.History, new OrderStatusChange { Status = status, At = now, Actor = actor }],
        };
    }

    private DomainEvent Event(string type, OrderDetails order, OrderStatus? previous, string actor) =>
        new()
        {
            Id = EntityId.New(time),
            Type = type,
            Source = Source,
            Time = order.UpdatedAt,
            Subject = order.Id,
            Data = new OrderEventData { Order = order, PreviousStatus = previous, Actor = actor },
        };

    private async Task ReturnStockAsync()
    {
        if (state.State.Order is not { } order)
        {
            return;
        }

        // Each product returns this order's units at most once, so a repeat after a crash is harmless.
        await ReleaseAsync(order.Items.Select(l => l.ProductId));
        await state.CommitAsync(state.State with { StockReturned = true });
    }

    private async Task<StockReservation[]> ReserveAllAsync(IReadOnlyList<OrderLineRequest> lines)
    {
        var tasks = lines.Select(l => GrainFactory.GetGrain<IProductStockGrain>(l.ProductId).ReserveAsync(OrderId, l.Quantity)).ToArray();
        try
        {
            return await Task.WhenAll(tasks);
        }
        catch
        {
            // Some reservations may have succeeded before one call failed: give back whatever was taken.
            await ReleaseAsync(lines.Select(l => l.ProductId));
            throw;
        }
    }

    private Task ReleaseAsync(IEnumerable<string> productIds) => ForEachLineAsync(productIds, (stock, id) => stock.ReleaseAsync(id));

    private async Task ForEachLineAsync(IEnumerable<string> productIds, Func<IProductStockGrain, string, Task> action)
    {
        try
        {
            await Task.WhenAll(productIds.Select(p => action(GrainFactory.GetGrain<IProductStockGrain>(p), OrderId)));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogStockCallFailed(logger, ex, OrderId);
            throw;
        }
    }

    private ICustomerOrdersGrain CustomerOrders(string customerId) => GrainFactory.GetGrain<ICustomerOrdersGrain>(customerId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A stock call for order {OrderId} failed")]
    private static partial void LogStockCallFailed(ILogger logger, Exception exception, string orderId);
}

namespace EcommerceBackend.Grains.Orders;

/// <summary>One entry of a customer's order list.</summary>
[GenerateSerializer, Alias("ecommerce.CustomerOrderEntry")]
public sealed record CustomerOrderEntry
{
    /// <summary>The order id.</summary>
    [Id(0)] public required string OrderId { get; init; }

    /// <summary>When it was placed.</summary>
    [Id(1)] public required DateTimeOffset CreatedAt { get; init; }
}

/// <summary>The persisted state of a customer's order list.</summary>
[GenerateSerializer, Alias("ecommerce.CustomerOrdersState")]
public sealed record CustomerOrdersState
{
    /// <summary>The orders, newest first.</summary>
    [Id(0)] public List<CustomerOrderEntry> Orders { get; init; } = [];
}

/// <inheritdoc cref="ICustomerOrdersGrain"/>
public sealed class CustomerOrdersGrain(
    [PersistentState("orders", StorageNames.Orders)] IPersistentState<CustomerOrdersState> state) : Grain, ICustomerOrdersGrain
{
    private readonly HashSet<string> _known = [];

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _known.UnionWith(state.State.Orders.Select(o => o.OrderId));
        return Task.CompletedTask;
    }

    public async Task AddAsync(string orderId, DateTimeOffset createdAt)
    {
        if (!_known.Add(orderId))
        {
            return;
        }

        var orders = state.State.Orders;
        // Newest first; placements arrive almost in order, so the spot is at or near the front.
        var at = 0;
        while (at < orders.Count && Newer(orders[at], createdAt, orderId))
        {
            at++;
        }

        orders.Insert(at, new CustomerOrderEntry { OrderId = orderId, CreatedAt = createdAt });
        await state.WriteStateAsync();
    }

    public Task<PagedResult<string>> ListAsync(PageRequest page)
    {
        var orders = state.State.Orders;
        var items = orders.Skip(page.Skip).Take(page.Limit).Select(o => o.OrderId).ToList();
        return Task.FromResult(new PagedResult<string> { Items = items, Page = page.Page, Limit = page.Limit, Total = orders.Count });
    }

    private static bool Newer(CustomerOrderEntry entry, DateTimeOffset createdAt, string orderId) =>
        entry.CreatedAt > createdAt || (entry.CreatedAt == createdAt && string.CompareOrdinal(entry.OrderId, orderId) > 0);
}

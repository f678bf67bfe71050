using System.Collections.Immutable;
using EcommerceBackend.Contracts;
using EcommerceBackend.Contracts.Orders;
using EcommerceBackend.Grains.Storage;

namespace EcommerceBackend.Grains.Orders;

/// <summary>One entry of a customer's order list.</summary>
[GenerateSerializer, Immutable, Alias("ecommerce.CustomerOrderEntry")]
public sealed record CustomerOrderEntry
{
    /// <summary>The order id.</summary>
    [Id(0)] public required string OrderId { get; init; }

    /// <summary>When it was placed.</summary>
    [Id(1)] public required DateTimeOffset CreatedAt { get; init; }
}

/// <summary>The persisted state of a customer's order list: its newest orders, and how many are archived.</summary>
[GenerateSerializer, Immutable, Alias("ecommerce.CustomerOrdersState")]
public sealed record CustomerOrdersState
{
    /// <summary>The newest orders, newest first.</summary>
    [Id(2)] public ImmutableList<CustomerOrderEntry> Orders { get; init; } = [];

    /// <summary>How many full chunks of older orders sit in archive grains (chunk 0 holds the oldest).</summary>
    [Id(1)] public int ArchivedChunks { get; init; }
}

/// <summary>
/// <inheritdoc cref="ICustomerOrdersGrain"/>. The newest orders live in this grain's state; once they
/// reach twice <see cref="ChunkSize"/>, the oldest <see cref="ChunkSize"/> move to an archive grain that is
/// written once, so a write here never grows with the customer's history.
/// </summary>
public sealed class CustomerOrdersGrain(
    [StoredState("orders", StorageNames.Orders)] IStoredState<CustomerOrdersState> state) : Grain, ICustomerOrdersGrain
{
    /// <summary>Orders per archive chunk.</summary>
    public const int ChunkSize = 100;

    public async Task AddAsync(string orderId, DateTimeOffset createdAt)
    {
        var orders = state.State.Orders;
        // Newest first; placements arrive almost in order, so the spot is at or near the front.
        var at = 0;
        while (at < orders.Count && Newer(orders[at], createdAt, orderId))
        {
            at++;
        }

        // A retry (same order, same time) stops on its own entry, or, when later orders pushed it into the archive,
        // would go past the oldest entry here.
        if (at < orders.Count && orders[at].OrderId == orderId)
        {
            return;
        }

        var chunks = state.State.ArchivedChunks;
        if (at == orders.Count && chunks > 0 && await IsArchivedAsync(orderId, chunks))
        {
            return;
        }

        var next = orders.Insert(at, new CustomerOrderEntry { OrderId = orderId, CreatedAt = createdAt });
        if (next.Count >= 2 * ChunkSize)
        {
            // Archive first, then drop from here: a crash in between stores the same chunk again next time.
            var oldest = next.GetRange(next.Count - ChunkSize, ChunkSize);
            await Archive(chunks).StoreAsync([.. oldest.Select(o => o.OrderId)]);
            next = next.RemoveRange(next.Count - ChunkSize, ChunkSize);
            chunks++;
        }

        await state.CommitAsync(new CustomerOrdersState { Orders = next, ArchivedChunks = chunks });
    }

    private async Task<bool> IsArchivedAsync(string orderId, int chunks)
    {
        var archived = await Task.WhenAll(Enumerable.Range(0, chunks).Select(i => Archive(i).GetAsync()));
        return archived.Any(ids => ids.Contains(orderId));
    }

    public async Task<PagedResult<string>> ListAsync(PageRequest page)
    {
        var head = state.State.Orders;
        var chunks = state.State.ArchivedChunks;
        var total = head.Count + chunks * ChunkSize;
        var items = new List<string>(page.Limit);
        var skip = page.Skip;
        items.AddRange(head.Skip(skip).Take(page.Limit).Select(o => o.OrderId));
        skip = Math.Max(0, skip - head.Count);

        // Archive chunks newest first: chunk (chunks - 1) follows the head.
        var needed = page.Limit - items.Count;
        var offset = skip % ChunkSize;
        var firstChunk = chunks - 1 - (skip / ChunkSize);
        var count = needed <= 0 || firstChunk < 0 ? 0 : Math.Min(firstChunk + 1, (offset + needed + ChunkSize - 1) / ChunkSize);
        var loaded = await Task.WhenAll(Enumerable.Range(0, count).Select(i => Archive(firstChunk - i).GetAsync()));
        foreach (var ids in loaded)
        {
            items.AddRange(ids.Skip(offset).Take(page.Limit - items.Count));
            offset = 0;
        }

        return new PagedResult<string> { Items = items, Page = page.Page, Limit = page.Limit, Total = total };
    }

    private ICustomerOrderArchiveGrain Archive(int chunk) =>
        GrainFactory.GetGrain<ICustomerOrderArchiveGrain>($"{this.GetPrimaryKeyString()}/{chunk}");

    private static bool Newer(CustomerOrderEntry entry, DateTimeOffset createdAt, string orderId) =>
        entry.CreatedAt > createdAt || (entry.CreatedAt == createdAt && string.CompareOrdinal(entry.OrderId, orderId) > 0);
}

/// <summary>The persisted state of an archive chunk.</summary>
[GenerateSerializer, Immutable, Alias("ecommerce.CustomerOrderArchiveState")]
public sealed record CustomerOrderArchiveState
{
    /// <summary>The chunk's order ids, newest first.</summary>
    [Id(1)] public ImmutableArray<string> OrderIds { get; init; } = [];
}

/// <inheritdoc cref="ICustomerOrderArchiveGrain"/>
public sealed class CustomerOrderArchiveGrain(
    [StoredState("archive", StorageNames.Orders)] IStoredState<CustomerOrderArchiveState> state) : Grain, ICustomerOrderArchiveGrain
{
    public async Task StoreAsync(IReadOnlyList<string> orderIds)
    {
        if (state.State.OrderIds.SequenceEqual(orderIds))
        {
            return;
        }

        await state.CommitAsync(new CustomerOrderArchiveState { OrderIds = [.. orderIds] });
    }

    public Task<IReadOnlyList<string>> GetAsync() => Task.FromResult<IReadOnlyList<string>>(state.State.OrderIds);
}

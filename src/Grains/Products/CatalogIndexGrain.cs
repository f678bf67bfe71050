using System.Collections.Immutable;
using EcommerceBackend.Contracts;
using EcommerceBackend.Contracts.Products;
using EcommerceBackend.Grains.Storage;

namespace EcommerceBackend.Grains.Products;

/// <summary>The persisted state of the catalog index: every live product by id.</summary>
[GenerateSerializer, Immutable, Alias("ecommerce.CatalogIndexState")]
public sealed record CatalogIndexState
{
    /// <summary>The live products by id.</summary>
    [Id(2)] public ImmutableDictionary<string, ProductDetails> Products { get; init; } = ImmutableDictionary<string, ProductDetails>.Empty;

    /// <summary>Ids of deleted products: ids are never reused, so a late update for one of them is stale and ignored.</summary>
    [Id(3)] public ImmutableHashSet<string> Removed { get; init; } = [];
}

/// <inheritdoc cref="ICatalogIndexGrain"/>
public sealed class CatalogIndexGrain(
    [StoredState("index", StorageNames.Catalog)] IStoredState<CatalogIndexState> state) : Grain, ICatalogIndexGrain
{
    private static readonly Comparer<ProductDetails> CatalogOrder = Comparer<ProductDetails>.Create(static (a, b) =>
    {
        var byTime = a.CreatedAt.CompareTo(b.CreatedAt);
        return byTime != 0 ? byTime : string.CompareOrdinal(a.Id, b.Id);
    });

    private static readonly TimeSpan StockFlushDelay = TimeSpan.FromMilliseconds(200);

    // The stored products in list order, rebuilt on activation: a page of the unfiltered list is a slice.
    private readonly List<ProductDetails> _ordered = [];

    // Stock-only changes wait here, unserved, and are written together at most once per delay: they come with every
    // order, and the product grains, not this copy, are the truth about stock. Lists show them once stored.
    private readonly Dictionary<string, ProductDetails> _pendingStock = new(StringComparer.Ordinal);
    private IGrainTimer? _stockFlush;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _ordered.AddRange(state.State.Products.Values);
        _ordered.Sort(CatalogOrder);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => FlushStockAsync();

    public async Task UpsertAsync(ProductDetails product)
    {
        if (state.State.Removed.Contains(product.Id)
            || _pendingStock.GetValueOrDefault(product.Id) is { } pending && pending.Version >= product.Version)
        {
            return;
        }

        var held = state.State.Products.GetValueOrDefault(product.Id);
        if (held is not null && held.Version >= product.Version)
        {
            return;
        }

        if (held is not null && OnlyStockChanged(held, product))
        {
            _pendingStock[product.Id] = product;
            _stockFlush ??= this.RegisterGrainTimer(
                static (grain, _) => grain.FlushStockAsync(),
                this,
                new GrainTimerCreationOptions { DueTime = StockFlushDelay, Period = Timeout.InfiniteTimeSpan });
            return;
        }

        _pendingStock.Remove(product.Id);
        await CommitAsync(product, removedId: null);
    }

    public async Task RemoveAsync(string productId)
    {
        if (state.State.Removed.Contains(productId))
        {
            return;
        }

        _pendingStock.Remove(productId);
        await CommitAsync(upsert: null, productId);
    }

    private async Task FlushStockAsync()
    {
        if (_pendingStock.Count > 0)
        {
            await CommitAsync(upsert: null, removedId: null);
        }
    }

    /// <summary>Stores a change together with every pending stock change, then serves them.</summary>
    private async Task CommitAsync(ProductDetails? upsert, string? removedId)
    {
        _stockFlush?.Dispose();
        _stockFlush = null;
        var changed = new List<ProductDetails>(_pendingStock.Values);
        if (upsert is not null)
        {
            changed.Add(upsert);
        }

        var before = state.State.Products;
        var products = before.SetItems(changed.Select(p => KeyValuePair.Create(p.Id, p)));
        var removed = state.State.Removed;
        if (removedId is not null)
        {
            products = products.Remove(removedId);
            removed = removed.Add(removedId);
        }

        await state.CommitAsync(new CatalogIndexState { Products = products, Removed = removed });
        _pendingStock.Clear();

        // Stored: now served.
        if (removedId is not null && before.TryGetValue(removedId, out var gone))
        {
            _ordered.RemoveAt(Find(gone));
        }

        foreach (var product in changed)
        {
            if (before.TryGetValue(product.Id, out var old))
            {
                _ordered.RemoveAt(Find(old));
            }

            var at = _ordered.BinarySearch(product, CatalogOrder);
            _ordered.Insert(at < 0 ? ~at : at, product);
        }
    }

    private static bool OnlyStockChanged(ProductDetails held, ProductDetails next) =>
        held.Name == next.Name && held.Description == next.Description && held.Price == next.Price
        && held.Category == next.Category && held.Images.SequenceEqual(next.Images);

    public Task<PagedResult<ProductDetails>> QueryAsync(CatalogQuery query)
    {
        var page = query.Page;
        IReadOnlyList<ProductDetails> items;
        int total;
        if (query.Category is null && query.Text is null)
        {
            total = _ordered.Count;
            items = page.Skip >= total ? [] : _ordered.GetRange(page.Skip, Math.Min(page.Limit, total - page.Skip));
        }
        else
        {
            var matches = _ordered.Where(p => Matches(p, query)).ToList();
            total = matches.Count;
            items = matches.Skip(page.Skip).Take(page.Limit).ToList();
        }

        return Task.FromResult(new PagedResult<ProductDetails> { Items = items, Page = page.Page, Limit = page.Limit, Total = total });
    }

    private static bool Matches(ProductDetails product, CatalogQuery query) =>
        (query.Category is null || string.Equals(product.Category, query.Category, StringComparison.OrdinalIgnoreCase))
        && (query.Text is not { } text
            || product.Name.Contains(text, StringComparison.OrdinalIgnoreCase)
            || product.Description.Contains(text, StringComparison.OrdinalIgnoreCase)
            || product.Category.Contains(text, StringComparison.OrdinalIgnoreCase));

    private int Find(ProductDetails held)
    {
        var at = _ordered.BinarySearch(held, CatalogOrder);
        return at >= 0 ? at : throw new InvalidOperationException($"Catalog index lost track of product {held.Id}.");
    }
}

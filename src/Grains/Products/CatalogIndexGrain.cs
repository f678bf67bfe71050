namespace EcommerceBackend.Grains.Products;

/// <summary>The persisted state of the catalog index: every live product by id.</summary>
[GenerateSerializer, Alias("ecommerce.CatalogIndexState")]
public sealed record CatalogIndexState
{
    /// <summary>The live products by id.</summary>
    [Id(0)] public Dictionary<string, ProductDetails> Products { get; init; } = [];

    /// <summary>Ids of deleted products: ids are never reused, so a late update for one of them is stale and ignored.</summary>
    [Id(1)] public HashSet<string> Removed { get; init; } = [];
}

/// <inheritdoc cref="ICatalogIndexGrain"/>
public sealed class CatalogIndexGrain(
    [PersistentState("index", StorageNames.Catalog)] IPersistentState<CatalogIndexState> state) : Grain, ICatalogIndexGrain
{
    private static readonly Comparer<ProductDetails> CatalogOrder = Comparer<ProductDetails>.Create(static (a, b) =>
    {
        var byTime = a.CreatedAt.CompareTo(b.CreatedAt);
        return byTime != 0 ? byTime : string.CompareOrdinal(a.Id, b.Id);
    });

    private static readonly TimeSpan StockFlushDelay = TimeSpan.FromSeconds(1);

    // The same products in list order, rebuilt on activation: a page of the unfiltered list is a slice.
    private readonly List<ProductDetails> _ordered = [];

    // Stock-only changes are written behind, at most once per delay: they come with every order, and the
    // product grains, not this copy, are the truth about stock.
    private IGrainTimer? _stockFlush;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _ordered.AddRange(state.State.Products.Values);
        _ordered.Sort(CatalogOrder);
        return Task.CompletedTask;
    }

    public async Task UpsertAsync(ProductDetails product)
    {
        if (state.State.Removed.Contains(product.Id))
        {
            return;
        }

        if (state.State.Products.TryGetValue(product.Id, out var held))
        {
            if (held.Version >= product.Version)
            {
                return;
            }

            _ordered.RemoveAt(Find(held));
        }

        state.State.Products[product.Id] = product;
        var at = _ordered.BinarySearch(product, CatalogOrder);
        _ordered.Insert(at < 0 ? ~at : at, product);
        if (held is not null && OnlyStockChanged(held, product))
        {
            _stockFlush ??= this.RegisterGrainTimer(
                static (grain, _) => grain.FlushStockAsync(),
                this,
                new GrainTimerCreationOptions { DueTime = StockFlushDelay, Period = Timeout.InfiniteTimeSpan });
            return;
        }

        await WriteAsync();
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => FlushStockAsync();

    private Task FlushStockAsync() => _stockFlush is null ? Task.CompletedTask : WriteAsync();

    private async Task WriteAsync()
    {
        _stockFlush?.Dispose();
        _stockFlush = null;
        await state.WriteStateAsync();
    }

    private static bool OnlyStockChanged(ProductDetails held, ProductDetails next) =>
        held.Name == next.Name && held.Description == next.Description && held.Price == next.Price
        && held.Category == next.Category && held.Images.SequenceEqual(next.Images);

    public async Task RemoveAsync(string productId)
    {
        var held = state.State.Products.Remove(productId, out var product) ? product : null;
        if (!state.State.Removed.Add(productId) && held is null)
        {
            return;
        }

        if (held is not null)
        {
            _ordered.RemoveAt(Find(held));
        }

        await WriteAsync();
    }

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

using Microsoft.Extensions.Logging;

namespace EcommerceBackend.Grains.Products;

/// <summary>The persisted state of a product.</summary>
[GenerateSerializer, Alias("ecommerce.ProductState")]
public sealed record ProductState
{
    /// <summary>The product; <see langword="null"/> until it is created.</summary>
    [Id(0)] public ProductDetails? Product { get; init; }

    /// <summary>Set once the product is deleted; a deleted id is never reused.</summary>
    [Id(1)] public bool Deleted { get; init; }
}

/// <inheritdoc cref="IProductGrain"/>
public sealed partial class ProductGrain(
    [PersistentState("product", StorageNames.Catalog)] IPersistentState<ProductState> state,
    TimeProvider time,
    ILogger<ProductGrain> logger) : Grain, IProductGrain
{
    private static readonly TimeSpan IndexRetryDelay = TimeSpan.FromSeconds(1);

    // The version the catalog index is known to hold. Not persisted: after activation the index is told
    // once more, which it ignores when it is already current, so a crash between the state write and the
    // index call heals the next time the product is touched.
    private long _indexedVersion = -1;
    private IGrainTimer? _indexRetry;

    private ProductDetails? Live => state.State is { Deleted: false, Product: { } product } ? product : null;

    public override Task OnActivateAsync(CancellationToken cancellationToken) =>
        state.State.Product is null ? Task.CompletedTask : SyncIndexAsync();

    public async Task<ProductDetails?> CreateAsync(NewProduct product)
    {
        if (state.State.Product is not null)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var details = new ProductDetails
        {
            Id = this.GetPrimaryKeyString(),
            Name = product.Name,
            Description = product.Description,
            Price = product.Price,
            Stock = product.Stock,
            Category = product.Category,
            Images = product.Images,
            CreatedAt = now,
            UpdatedAt = now,
            Version = 1,
        };
        await SaveAsync(new ProductState { Product = details });
        return details;
    }

    public Task<ProductDetails?> GetAsync() => Task.FromResult(Live);

    public async Task<ProductDetails?> UpdateAsync(ProductChanges changes)
    {
        if (Live is not { } current)
        {
            return null;
        }

        var updated = current with
        {
            Name = changes.Name ?? current.Name,
            Description = changes.Description ?? current.Description,
            Price = changes.Price ?? current.Price,
            Stock = changes.Stock ?? current.Stock,
            Category = changes.Category ?? current.Category,
            Images = changes.Images ?? current.Images,
            UpdatedAt = time.GetUtcNow(),
            Version = current.Version + 1,
        };
        await SaveAsync(state.State with { Product = updated });
        return updated;
    }

    public async Task<bool> DeleteAsync()
    {
        if (Live is not { } current)
        {
            return false;
        }

        var deleted = current with { UpdatedAt = time.GetUtcNow(), Version = current.Version + 1 };
        await SaveAsync(new ProductState { Product = deleted, Deleted = true });
        return true;
    }

    private async Task SaveAsync(ProductState next)
    {
        state.State = next;
        await state.WriteStateAsync();
        await SyncIndexAsync();
    }

    /// <summary>Brings the catalog index up to this product's version; on failure, retries from a timer.</summary>
    private async Task SyncIndexAsync()
    {
        if (state.State.Product is not { } product || product.Version <= _indexedVersion)
        {
            return;
        }

        var index = GrainFactory.GetGrain<ICatalogIndexGrain>(CatalogIndex.Key);
        try
        {
            if (state.State.Deleted)
            {
                await index.RemoveAsync(product.Id);
            }
            else
            {
                await index.UpsertAsync(product);
            }

            _indexedVersion = product.Version;
            _indexRetry?.Dispose();
            _indexRetry = null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The change itself is stored; only the index lags. Keep trying rather than fail the caller.
            LogIndexSyncFailed(logger, ex, product.Id, product.Version);
            _indexRetry ??= this.RegisterGrainTimer(
                static (grain, _) => grain.SyncIndexAsync(),
                this,
                new GrainTimerCreationOptions { DueTime = IndexRetryDelay, Period = IndexRetryDelay });
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Catalog index update for product {ProductId} version {Version} failed; retrying")]
    private static partial void LogIndexSyncFailed(ILogger logger, Exception exception, string productId, long version);
}

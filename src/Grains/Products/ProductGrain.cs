using System.Collections.Immutable;
using EcommerceBackend.Contracts;
using EcommerceBackend.Contracts.Events;
using EcommerceBackend.Contracts.Orders;
using EcommerceBackend.Contracts.Products;
using EcommerceBackend.Grains.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EcommerceBackend.Grains.Products;

/// <summary>The persisted state of a product.</summary>
[GenerateSerializer, Immutable, Alias("ecommerce.ProductState")]
public sealed record ProductState
{
    /// <summary>The product; <see langword="null"/> until it is created.</summary>
    [Id(0)] public ProductDetails? Product { get; init; }

    /// <summary>Set once the product is deleted; a deleted id is never reused.</summary>
    [Id(1)] public bool Deleted { get; init; }

    /// <summary>
    /// Units held per order id, while the order can still be cancelled. Makes a repeated reservation take
    /// nothing more and a repeated release return nothing more. Emptied as orders ship or are cancelled.
    /// </summary>
    [Id(4)] public ImmutableDictionary<string, int> Reservations { get; init; } = ImmutableDictionary<string, int>.Empty;
}

/// <inheritdoc cref="IProductGrain"/>
public sealed partial class ProductGrain(
    [StoredState("product", StorageNames.Catalog)] IStoredState<ProductState> state,
    IOptions<CatalogOptions> options,
    TimeProvider time,
    ILogger<ProductGrain> logger) : Grain, IProductGrain, IProductStockGrain
{
    private const string Source = "ecommerce-backend/products";
    private static readonly TimeSpan IndexRetryDelay = TimeSpan.FromSeconds(1);

    // The version the catalog index is known to hold. Not persisted: after activation the index is told
    // once more, which it ignores when it is already current, so a crash between the state write and the
    // index call heals the next time the product is activated.
    private long _indexedVersion = -1;
    private IGrainTimer? _indexSync;

    private ProductDetails? Live => state.State is { Deleted: false, Product: { } product } ? product : null;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Product is null)
        {
            return;
        }

        await SyncIndexAsync();
    }

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
        // Readers of the stream (the records, the analytics' low-stock list) learn of the product from its start.
        await SaveAsync(state.State with { Product = details }, StockEvents(null, details, ProductUpdatedData.CreatedReason, orderId: null, deleted: false), catalogChanged: true);
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
        await SaveAsync(state.State with { Product = updated }, StockEvents(current, updated, "updated", orderId: null, deleted: false), catalogChanged: true);
        return updated;
    }

    public async Task<bool> DeleteAsync()
    {
        if (Live is not { } current)
        {
            return false;
        }

        var deleted = current with { UpdatedAt = time.GetUtcNow(), Version = current.Version + 1 };
        // Readers of the stream (the analytics' low-stock list) learn that the product is gone.
        await SaveAsync(
            state.State with { Product = deleted, Deleted = true },
            StockEvents(current, deleted, ProductUpdatedData.DeletedReason, orderId: null, deleted: true),
            catalogChanged: true);
        return true;
    }

    public async Task<StockReservation> ReserveAsync(string orderId, int quantity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(quantity);
        if (Live is not { } current)
        {
            return new StockReservation { Reserved = false, Exists = false, Available = 0 };
        }

        if (state.State.Reservations.ContainsKey(orderId))
        {
            // A retry of a placement that already took its units.
            return Reservation(current, reserved: true);
        }

        if (current.Stock < quantity)
        {
            return Reservation(current, reserved: false);
        }

        var updated = current with { Stock = current.Stock - quantity, UpdatedAt = time.GetUtcNow(), Version = current.Version + 1 };
        await SaveAsync(
            state.State with { Product = updated, Reservations = state.State.Reservations.Add(orderId, quantity) },
            StockEvents(current, updated, "reserved", orderId, deleted: false),
            catalogChanged: false);
        return Reservation(updated, reserved: true);
    }

    public async Task ReleaseAsync(string orderId)
    {
        if (state.State.Product is not { } current || !state.State.Reservations.TryGetValue(orderId, out var quantity))
        {
            return;
        }

        var updated = current with { Stock = current.Stock + quantity, UpdatedAt = time.GetUtcNow(), Version = current.Version + 1 };
        await SaveAsync(
            state.State with { Product = updated, Reservations = state.State.Reservations.Remove(orderId) },
            StockEvents(current, updated, "released", orderId, state.State.Deleted),
            catalogChanged: false);
    }

    public async Task CommitAsync(string orderId)
    {
        if (state.State.Reservations.ContainsKey(orderId))
        {
            await state.CommitAsync(state.State with { Reservations = state.State.Reservations.Remove(orderId) });
        }
    }

    private static StockReservation Reservation(ProductDetails product, bool reserved) => new()
    {
        Reserved = reserved,
        Exists = true,
        Available = product.Stock,
        Name = product.Name,
        UnitPrice = product.Price,
    };

    /// <summary>
    /// <c>product.updated</c> with the whole product, for its creation, a stock change (reservations and releases always
    /// move stock) or any admin change, and <c>product.stock_low</c> when stock falls below the threshold.
    /// </summary>
    private List<DomainEvent> StockEvents(ProductDetails? before, ProductDetails after, string reason, string? orderId, bool deleted)
    {
        var now = after.UpdatedAt;
        List<DomainEvent> events = [NewEvent(EventTypes.ProductUpdated, now, new ProductUpdatedData
        {
            ProductId = after.Id,
            Name = after.Name,
            Category = after.Category,
            Price = after.Price,
            Stock = after.Stock,
            PreviousStock = before?.Stock ?? after.Stock,
            Reason = reason,
            OrderId = orderId,
            Version = after.Version,
            Description = after.Description,
            Images = after.Images,
            CreatedAt = after.CreatedAt,
            UpdatedAt = after.UpdatedAt,
            Deleted = deleted,
        })];

        var threshold = options.Value.LowStockThreshold;
        if (before is not null && before.Stock >= threshold && after.Stock < threshold)
        {
            events.Add(NewEvent(EventTypes.ProductStockLow, now, new ProductStockLowData
            {
                ProductId = after.Id,
                Name = after.Name,
                Stock = after.Stock,
                Threshold = threshold,
            }));
        }

        return events;
    }

    private DomainEvent NewEvent(string type, DateTimeOffset at, EventData data) => new()
    {
        Id = EntityId.New(time),
        Type = type,
        Source = Source,
        Time = at,
        Subject = this.GetPrimaryKeyString(),
        Data = data,
    };

    /// <summary>Stores the change with its events in one write, then tells the index.</summary>
    private async Task SaveAsync(ProductState next, IReadOnlyList<DomainEvent> events, bool catalogChanged)
    {
        await state.CommitAsync(next, events);

        if (catalogChanged)
        {
            // Lists must be right as soon as an admin's change returns.
            await SyncIndexAsync();
        }
        else
        {
            // Stock moves with every order: tell the index at most once per delay, not once per order.
            ScheduleIndexSync(options.Value.IndexStockDelay);
        }
    }

    /// <summary>Brings the catalog index up to this product's version; on failure, retries from a timer.</summary>
    private async Task SyncIndexAsync()
    {
        if (state.State.Product is not { } product || product.Version <= _indexedVersion)
        {
            _indexSync?.Dispose();
            _indexSync = null;
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
            _indexSync?.Dispose();
            _indexSync = null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The change itself is stored; only the index lags. Keep trying rather than fail the caller.
            LogIndexSyncFailed(logger, ex, product.Id, product.Version);
            ScheduleIndexSync(IndexRetryDelay);
        }
    }

    /// <summary>Syncs the index from a timer after <paramref name="due"/>, then every retry delay until it succeeds; one timer at a time.</summary>
    private void ScheduleIndexSync(TimeSpan due) =>
        _indexSync ??= this.RegisterGrainTimer(
            static (grain, _) => grain.SyncIndexAsync(),
            this,
            new GrainTimerCreationOptions { DueTime = due, Period = IndexRetryDelay });

    [LoggerMessage(Level = LogLevel.Warning, Message = "Catalog index update for product {ProductId} version {Version} failed; retrying")]
    private static partial void LogIndexSyncFailed(ILogger logger, Exception exception, string productId, long version);
}

using System.ComponentModel.DataAnnotations;

namespace EcommerceBackend.Grains.Products;

/// <summary>Catalog settings of the silo (section <c>Catalog</c>; <c>LOW_STOCK_THRESHOLD</c>).</summary>
public sealed class CatalogOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Catalog";

    /// <summary>Stock below this emits <c>product.stock_low</c>, once each time it falls below.</summary>
    public int LowStockThreshold { get; set; } = 10;

    /// <summary>How long a stock-only change may wait before the catalog index hears of it (lists show stock a little late, orders never).</summary>
    public TimeSpan IndexStockDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <inheritdoc/>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (LowStockThreshold is < 0 or > 1_000_000_000)
        {
            yield return new ValidationResult($"Catalog:LowStockThreshold (LOW_STOCK_THRESHOLD) must be from 0 to 1000000000 (was {LowStockThreshold}).");
        }

        if (IndexStockDelay < TimeSpan.Zero || IndexStockDelay > TimeSpan.FromMinutes(1))
        {
            yield return new ValidationResult($"Catalog:IndexStockDelay must be from 00:00:00 to 00:01:00 (was {IndexStockDelay}).");
        }
    }
}

using EcommerceBackend.Contracts;
using EcommerceBackend.Contracts.Customers;
using EcommerceBackend.Contracts.Products;
using EcommerceBackend.Grains.Customers;
using EcommerceBackend.Grains.Products;

namespace EcommerceBackend.Grains.Tests.Infrastructure;

/// <summary>Fresh data for each test: ids, emails and categories no other test (or run) uses.</summary>
public static class TestData
{
    /// <summary>A text no other test uses, to put in names and categories.</summary>
    public static string Token() => Guid.NewGuid().ToString("N");

    public static string NewEmail(string prefix = "user") => $"{prefix}-{Token()}@example.com";

    public static NewProduct NewProduct(
        string category,
        string? name = null,
        string description = "",
        decimal price = 19.99m,
        int stock = 10,
        IReadOnlyList<string>? images = null) => new()
        {
            Name = name ?? $"Product {Token()}",
            Description = description,
            Price = price,
            Stock = stock,
            Category = category,
            Images = images ?? new List<string>(),
        };

    public static NewCustomer NewCustomer(string email, string password = "Correct-Horse-9", string name = "Ada Lovelace") => new()
    {
        Name = name,
        Email = email,
        Password = password,
        Phone = "+44 20 7946 0000",
    };

    public static CatalogQuery Query(string? category = null, string? text = null, int page = 1, int limit = 100) => new()
    {
        Category = category,
        Text = text,
        Page = new PageRequest { Page = page, Limit = limit },
    };

    /// <summary>Asserts two products are the same field by field (a record compares its image list by reference).</summary>
    public static void AssertSameProduct(ProductDetails expected, ProductDetails? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Images, actual.Images);
        Assert.Equal(expected with { Images = actual.Images }, actual);
    }
}

namespace EcommerceBackend.Records.Tests;

/// <summary>Records for the tests, each with ids and texts of its own.</summary>
internal static class Samples
{
    private static readonly DateTime Origin = new(2026, 11, 30, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>A time <paramref name="hours"/> after a fixed UTC midnight.</summary>
    public static DateTime At(double hours) => Origin.AddHours(hours);

    /// <summary>A fresh id in the API's shape.</summary>
    public static string Id() => Guid.NewGuid().ToString("N")[..24];

    public static OrderRecord Order(
        string id, int version = 1, decimal total = 10m, OrderRecordStatus status = OrderRecordStatus.Pending, string? customerId = null, DateTime? createdAt = null)
    {
        var created = createdAt ?? At(1);
        var history = new List<StatusChangeRecord> { new() { Status = OrderRecordStatus.Pending, At = created, Actor = customerId ?? "000000000000000000000009" } };
        for (var v = 2; v <= version; v++)
        {
            history.Add(new StatusChangeRecord { Status = v == version ? status : OrderRecordStatus.Confirmed, At = created.AddMinutes(v), Actor = "admin" });
        }

        return new OrderRecord
        {
            Id = id,
            Version = version,
            CustomerId = customerId ?? "000000000000000000000009",
            Items = [new OrderLineRecord { ProductId = "000000000000000000000007", Name = "Lamp, \"brass\"", UnitPrice = total / 2, Quantity = 2 }],
            Total = total,
            ShippingAddress = new AddressRecord { Street = "123 Main St", City = "Springfield", State = "IL", ZipCode = "10001", Country = "USA" },
            Status = status,
            History = history,
            CreatedAt = created,
            UpdatedAt = created.AddMinutes(version),
        };
    }

    public static CustomerRecord Customer(string id, string email, string name = "Ada Lovelace", int version = 1) => new()
    {
        Id = id,
        Version = version,
        Name = name,
        Email = email,
        Phone = "+44 20 7946 0000",
        Role = "customer",
        RegisteredAt = At(3),
    };

    public static ProductRecord Product(string id, long version = 1, decimal price = 9.99m, bool deleted = false) => new()
    {
        Id = id,
        Version = version,
        Name = "Desk lamp",
        Description = "A lamp for a desk",
        Price = price,
        Stock = 7,
        Category = "lamps",
        Images = ["https://example.com/lamp.jpg"],
        CreatedAt = At(0),
        UpdatedAt = At(version),
        Deleted = deleted,
    };

    public static AlertRecord Alert(string id, string owner, DateTime at, string type = "order.created") => new()
    {
        Id = id,
        Owner = owner,
        Type = type,
        Title = "Order placed",
        Message = "Your order was placed.",
        About = "000000000000000000000001",
        SourceEventId = Id(),
        CreatedAt = at,
    };
}

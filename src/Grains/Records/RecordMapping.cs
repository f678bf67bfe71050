using EcommerceBackend.Contracts.Events;
using EcommerceBackend.Contracts.Orders;
using EcommerceBackend.Records;

namespace EcommerceBackend.Grains.Records;

/// <summary>Turns what the events carry into records.</summary>
public static class RecordMapping
{
    /// <summary>The record of an order as an event carries it; its version is the length of its history.</summary>
    public static OrderRecord Order(OrderDetails order) => new()
    {
        Id = order.Id,
        Version = order.History.Count,
        CustomerId = order.CustomerId,
        Items = [.. order.Items.Select(l => new OrderLineRecord { ProductId = l.ProductId, Name = l.Name, UnitPrice = l.UnitPrice, Quantity = l.Quantity })],
        Total = order.Total,
        ShippingAddress = new AddressRecord
        {
            Street = order.ShippingAddress.Street,
            City = order.ShippingAddress.City,
            State = order.ShippingAddress.State,
            ZipCode = order.ShippingAddress.ZipCode,
            Country = order.ShippingAddress.Country,
        },
        Status = Status(order.Status),
        History = [.. order.History.Select(h => new StatusChangeRecord { Status = Status(h.Status), At = h.At.UtcDateTime, Actor = h.Actor })],
        CreatedAt = order.CreatedAt.UtcDateTime,
        UpdatedAt = order.UpdatedAt.UtcDateTime,
    };

    /// <summary>The record of a product as <c>product.updated</c> carries it.</summary>
    public static ProductRecord Product(ProductUpdatedData product) => new()
    {
        Id = product.ProductId,
        Version = product.Version,
        Name = product.Name,
        Description = product.Description,
        Price = product.Price,
        Stock = product.Stock,
        Category = product.Category,
        Images = product.Images,
        CreatedAt = product.CreatedAt.UtcDateTime,
        UpdatedAt = product.UpdatedAt.UtcDateTime,
        Deleted = product.Deleted || product.Reason == ProductUpdatedData.DeletedReason,
    };

    /// <summary>The record of an account as <c>customer.updated</c> carries it.</summary>
    public static CustomerRecord Customer(CustomerUpdatedData customer) => new()
    {
        Id = customer.CustomerId,
        Version = customer.Version,
        Name = customer.Name,
        Email = customer.Email,
        Phone = customer.Phone,
        Role = customer.Role,
        RegisteredAt = customer.RegisteredAt.UtcDateTime,
    };

    /// <summary>The record of a notification as <c>alert.sent</c> carries it, added at <paramref name="at"/>.</summary>
    public static AlertRecord Alert(AlertSentData alert, DateTimeOffset at) => new()
    {
        Id = alert.NotificationId,
        Owner = alert.Recipient,
        Type = alert.Kind,
        Title = alert.Title,
        Message = alert.Message,
        About = alert.About,
        SourceEventId = alert.SourceEventId,
        CreatedAt = at.UtcDateTime,
    };

    private static OrderRecordStatus Status(OrderStatus status) => status switch
    {
        OrderStatus.Pending => OrderRecordStatus.Pending,
        OrderStatus.Confirmed => OrderRecordStatus.Confirmed,
        OrderStatus.Shipped => OrderRecordStatus.Shipped,
        OrderStatus.Delivered => OrderRecordStatus.Delivered,
        OrderStatus.Cancelled => OrderRecordStatus.Cancelled,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown order status."),
    };
}

namespace EcommerceBackend.Records;

/// <summary>An order as the records keep it (collection <c>orders</c>): the whole order, its lines and every status change.</summary>
public sealed record OrderRecord
{
    /// <summary>The order id (the API's id).</summary>
    public required string Id { get; init; }

    /// <summary>The version it reflects: the length of its status history.</summary>
    public required int Version { get; init; }

    /// <summary>Who placed it.</summary>
    public required string CustomerId { get; init; }

    /// <summary>Its lines.</summary>
    public required IReadOnlyList<OrderLineRecord> Items { get; init; }

    /// <summary>The sum of the line totals.</summary>
    public required decimal Total { get; init; }

    /// <summary>Where it goes.</summary>
    public required AddressRecord ShippingAddress { get; init; }

    /// <summary>Its current status.</summary>
    public required OrderRecordStatus Status { get; init; }

    /// <summary>Every status it had, oldest first, with time and actor.</summary>
    public required IReadOnlyList<StatusChangeRecord> History { get; init; }

    /// <summary>When it was placed (UTC).</summary>
    public required DateTime CreatedAt { get; init; }

    /// <summary>When it last changed (UTC).</summary>
    public required DateTime UpdatedAt { get; init; }
}

/// <summary>An order's status, stored by name.</summary>
public enum OrderRecordStatus
{
    /// <summary>Placed, not confirmed.</summary>
    Pending,

    /// <summary>Confirmed.</summary>
    Confirmed,

    /// <summary>Shipped.</summary>
    Shipped,

    /// <summary>Delivered.</summary>
    Delivered,

    /// <summary>Cancelled, its stock returned.</summary>
    Cancelled,
}

/// <summary>One line of an order.</summary>
public sealed record OrderLineRecord
{
    /// <summary>The product.</summary>
    public required string ProductId { get; init; }

    /// <summary>Its name when the order was placed.</summary>
    public required string Name { get; init; }

    /// <summary>Its unit price when the order was placed.</summary>
    public required decimal UnitPrice { get; init; }

    /// <summary>Units ordered.</summary>
    public required int Quantity { get; init; }

    /// <summary>Unit price times quantity.</summary>
    public decimal LineTotal => UnitPrice * Quantity;
}

/// <summary>A shipping address.</summary>
public sealed record AddressRecord
{
    /// <summary>Street and number.</summary>
    public required string Street { get; init; }

    /// <summary>City.</summary>
    public required string City { get; init; }

    /// <summary>State or region.</summary>
    public required string State { get; init; }

    /// <summary>Postal code.</summary>
    public required string ZipCode { get; init; }

    /// <summary>Country.</summary>
    public required string Country { get; init; }
}

/// <summary>A status an order took, when and by whom.</summary>
public sealed record StatusChangeRecord
{
    /// <summary>The status.</summary>
    public required OrderRecordStatus Status { get; init; }

    /// <summary>When (UTC).</summary>
    public required DateTime At { get; init; }

    /// <summary>The customer or admin id that made the change.</summary>
    public required string Actor { get; init; }
}

/// <summary>A customer account (collection <c>customers</c>): profile, role and registration time, never a password hash.</summary>
public sealed record CustomerRecord
{
    /// <summary>The customer id.</summary>
    public required string Id { get; init; }

    /// <summary>The version it reflects (1 at registration, one more per change of the account).</summary>
    public required int Version { get; init; }

    /// <summary>The name.</summary>
    public required string Name { get; init; }

    /// <summary>The email address as given (unique, compared case-insensitively).</summary>
    public required string Email { get; init; }

    /// <summary>The phone number, if given.</summary>
    public string? Phone { get; init; }

    /// <summary><c>customer</c> or <c>admin</c>.</summary>
    public required string Role { get; init; }

    /// <summary>When the account was opened (UTC).</summary>
    public required DateTime RegisteredAt { get; init; }
}

/// <summary>A product (collection <c>products</c>): its current fields; a deleted product is marked, not removed.</summary>
public sealed record ProductRecord
{
    /// <summary>The product id.</summary>
    public required string Id { get; init; }

    /// <summary>The product's version this reflects.</summary>
    public required long Version { get; init; }

    /// <summary>The name.</summary>
    public required string Name { get; init; }

    /// <summary>The description.</summary>
    public required string Description { get; init; }

    /// <summary>The unit price.</summary>
    public required decimal Price { get; init; }

    /// <summary>Units in stock.</summary>
    public required int Stock { get; init; }

    /// <summary>The category.</summary>
    public required string Category { get; init; }

    /// <summary>Image URLs.</summary>
    public required IReadOnlyList<string> Images { get; init; }

    /// <summary>When it was created (UTC).</summary>
    public required DateTime CreatedAt { get; init; }

    /// <summary>When it last changed (UTC).</summary>
    public required DateTime UpdatedAt { get; init; }

    /// <summary>Whether it was deleted.</summary>
    public required bool Deleted { get; init; }
}

/// <summary>A notification added to an inbox (collection <c>alerts</c>), kept for <see cref="RecordsOptions.AlertRetentionDays"/>.</summary>
public sealed record AlertRecord
{
    /// <summary>The notification id.</summary>
    public required string Id { get; init; }

    /// <summary>The inbox: a customer id, or <c>admins</c>.</summary>
    public required string Owner { get; init; }

    /// <summary>Its kind: the routing key of the event that caused it.</summary>
    public required string Type { get; init; }

    /// <summary>The headline.</summary>
    public required string Title { get; init; }

    /// <summary>The text.</summary>
    public required string Message { get; init; }

    /// <summary>The order or product it is about.</summary>
    public required string About { get; init; }

    /// <summary>The id of the event that caused it.</summary>
    public required string SourceEventId { get; init; }

    /// <summary>When it was added (UTC).</summary>
    public required DateTime CreatedAt { get; init; }
}

/// <summary>The orders of one UTC day (collection <c>sales_daily</c>), from the order records.</summary>
public sealed record SalesDayRecord
{
    /// <summary>The day: its UTC midnight.</summary>
    public required DateTime Day { get; init; }

    /// <summary>Orders placed that day.</summary>
    public required int Orders { get; init; }

    /// <summary>The totals of those not cancelled.</summary>
    public required decimal Revenue { get; init; }

    /// <summary>Those cancelled.</summary>
    public required int Cancelled { get; init; }

    /// <summary>When these figures were computed (UTC).</summary>
    public required DateTime ComputedAt { get; init; }
}

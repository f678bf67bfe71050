namespace EcommerceBackend.Contracts.Orders;

/// <summary>Where an order is in its life. Legal moves: pending → confirmed → shipped → delivered; pending or confirmed → cancelled.</summary>
[GenerateSerializer, Alias("ecommerce.OrderStatus")]
public enum OrderStatus
{
    /// <summary>Placed; stock is reserved.</summary>
    Pending = 0,

    /// <summary>Accepted by the shop.</summary>
    Confirmed = 1,

    /// <summary>Handed to the carrier; can no longer be cancelled.</summary>
    Shipped = 2,

    /// <summary>Received by the customer.</summary>
    Delivered = 3,

    /// <summary>Cancelled; its stock was returned.</summary>
    Cancelled = 4,
}

/// <summary>A delivery address, as the original's payload has it.</summary>
[GenerateSerializer, Immutable, Alias("ecommerce.ShippingAddress")]
public sealed record ShippingAddress
{
    /// <summary>Street and number.</summary>
    [Id(0)] public required string Street { get; init; }

    /// <summary>City.</summary>
    [Id(1)] public required string City { get; init; }

    /// <summary>State or region.</summary>
    [Id(2)] public required string State { get; init; }

    /// <summary>Postal code.</summary>
    [Id(3)] public required string ZipCode { get; init; }

    /// <summary>Country.</summary>
    [Id(4)] public required string Country { get; init; }
}

/// <summary>A line the customer asked for: a product and how many.</summary>
[GenerateSerializer, Immutable, Alias("ecommerce.OrderLineRequest")]
public sealed record OrderLineRequest
{
    /// <summary>The product id.</summary>
    [Id(0)] public required string ProductId { get; init; }

    /// <summary>How many units.</summary>
    [Id(1)] public required int Quantity { get; init; }
}

/// <summary>A request to place an order, already validated (lines merged by product, bounds checked).</summary>
[GenerateSerializer, Immutable, Alias("ecommerce.PlaceOrder")]
public sealed record PlaceOrder
{
    /// <summary>The customer the order is for.</summary>
    [Id(0)] public required string CustomerId { get; init; }

    /// <summary>The lines, one per product.</summary>
    [Id(1)] public required IReadOnlyList<OrderLineRequest> Items { get; init; }

    /// <summary>Where to deliver.</summary>
    [Id(2)] public required ShippingAddress ShippingAddress { get; init; }

    /// <summary>Who places it: the customer's id or an admin's.</summary>
    [Id(3)] public required string Actor { get; init; }

    /// <summary>A digest of what was asked, to tell a retry from a different request under the same idempotency key.</summary>
    [Id(4)] public required string RequestHash { get; init; }
}

/// <summary>A line of a placed order, priced from the product at placement.</summary>
[GenerateSerializer, Immutable, Alias("ecommerce.OrderLine")]
public sealed record OrderLine
{
    /// <summary>The product id.</summary>
    [Id(0)] public required string ProductId { get; init; }

    /// <summary>The product name at placement.</summary>
    [Id(1)] public required string Name { get; init; }

    /// <summary>The unit price at placement.</summary>
    [Id(2)] public required decimal UnitPrice { get; init; }

    /// <summary>How many units.</summary>
    [Id(3)] public required int Quantity { get; init; }

    /// <summary>UnitPrice × Quantity.</summary>
    public decimal LineTotal => UnitPrice * Quantity;
}

/// <summary>One entry of an order's history.</summary>
[GenerateSerializer, Immutable, Alias("ecommerce.OrderStatusChange")]
public sealed record OrderStatusChange
{
    /// <summary>The status entered.</summary>
    [Id(0)] public required OrderStatus Status { get; init; }

    /// <summary>When.</summary>
    [Id(1)] public required DateTimeOffset At { get; init; }

    /// <summary>Who: a customer id or an admin's id.</summary>
    [Id(2)] public required string Actor { get; init; }
}

/// <summary>An order as it stands.</summary>
[GenerateSerializer, Immutable, Alias("ecommerce.OrderDetails")]
public sealed record OrderDetails
{
    /// <summary>The order id.</summary>
    [Id(0)] public required string Id { get; init; }

    /// <summary>The customer it belongs to.</summary>
    [Id(1)] public required string CustomerId { get; init; }

    /// <summary>The lines.</summary>
    [Id(2)] public required IReadOnlyList<OrderLine> Items { get; init; }

    /// <summary>Where to deliver.</summary>
    [Id(3)] public required ShippingAddress ShippingAddress { get; init; }

    /// <summary>The current status.</summary>
    [Id(4)] public required OrderStatus Status { get; init; }

    /// <summary>The sum of the line totals.</summary>
    [Id(5)] public required decimal Total { get; init; }

    /// <summary>When it was placed.</summary>
    [Id(6)] public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it last changed.</summary>
    [Id(7)] public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Every status it entered, oldest first.</summary>
    [Id(8)] public required IReadOnlyList<OrderStatusChange> History { get; init; }
}

/// <summary>Why an order could not be placed or changed.</summary>
[GenerateSerializer, Alias("ecommerce.OrderFailure")]
public enum OrderFailure
{
    /// <summary>No failure.</summary>
    None = 0,

    /// <summary>The customer does not exist.</summary>
    UnknownCustomer = 1,

    /// <summary>A product does not exist or was deleted.</summary>
    UnknownProduct = 2,

    /// <summary>A product has fewer units than asked for.</summary>
    InsufficientStock = 3,

    /// <summary>The idempotency key was used before with a different request.</summary>
    IdempotencyKeyReused = 4,

    /// <summary>The order does not exist.</summary>
    NotFound = 5,

    /// <summary>The status change is not allowed from the current status.</summary>
    IllegalTransition = 6,
}

/// <summary>The outcome of placing or changing an order.</summary>
[GenerateSerializer, Immutable, Alias("ecommerce.OrderResult")]
public sealed record OrderResult
{
    /// <summary>The order, on success (and for an illegal transition, as it stands).</summary>
    [Id(0)] public OrderDetails? Order { get; init; }

    /// <summary>What went wrong, or <see cref="OrderFailure.None"/>.</summary>
    [Id(1)] public OrderFailure Failure { get; init; }

    /// <summary>The product a failure is about.</summary>
    [Id(2)] public string? ProductId { get; init; }

    /// <summary>For <see cref="OrderFailure.InsufficientStock"/>: the units available.</summary>
    [Id(3)] public int? Available { get; init; }

    /// <summary>For <see cref="OrderFailure.InsufficientStock"/>: the units asked for.</summary>
    [Id(4)] public int? Requested { get; init; }

    /// <summary>Whether this call created the order (false when it returned an earlier placement).</summary>
    [Id(5)] public bool Created { get; init; }

    /// <summary>Whether it worked.</summary>
    public bool Succeeded => Failure == OrderFailure.None;
}

namespace EcommerceBackend.Contracts.Orders;

/// <summary>
/// One order, keyed by order id. Placement reserves every line's stock in the product grains first, all or
/// none; the order exists only once its stock is held. With an idempotency key, the id is derived from the
/// customer and the key, so retries reach this same grain and get the same order.
/// </summary>
[Alias("ecommerce.IOrderGrain")]
public interface IOrderGrain : IGrainWithStringKey
{
    /// <summary>Places the order, or returns it when it was already placed with the same request.</summary>
    [Alias("Place")]
    Task<OrderResult> PlaceAsync(PlaceOrder order);

    /// <summary>Returns the order, or <see langword="null"/>.</summary>
    [Alias("Get")]
    Task<OrderDetails?> GetAsync();

    /// <summary>Moves the order to <paramref name="status"/> if the status machine allows it from where it is.</summary>
    [Alias("ChangeStatus")]
    Task<OrderResult> ChangeStatusAsync(OrderStatus status, string actor);

    /// <summary>Cancels the order and returns its stock; cancelling a cancelled order changes nothing.</summary>
    [Alias("Cancel")]
    Task<OrderResult> CancelAsync(string actor);
}

using EcommerceBackend.Contracts.Events;
using EcommerceBackend.Contracts.Orders;

namespace EcommerceBackend.Contracts.Analytics;

/// <summary>
/// What the analytics remember of one order or customer (key from <see cref="AnalyticsEntityKeys"/>): the state of it
/// last counted. It makes an event idempotent without any shard holding every order: an event no newer than what
/// the entity counted changes nothing; a newer one is handed to the entity's shard as the change from the old state
/// to the new. Each entity stores only its own small record, so no write grows with the number of orders.
/// </summary>
[Alias("ecommerce.IAnalyticsEntityGrain")]
public interface IAnalyticsEntityGrain : IGrainWithStringKey
{
    /// <summary>
    /// Counts an order as an order event carries it, unless a later or the same state of it (the length of its
    /// history orders the states) was counted already. Returns whether the totals changed.
    /// </summary>
    [Alias("ApplyOrder")]
    Task<bool> ApplyOrderAsync(OrderDetails order);

    /// <summary>Counts a registration once per customer. Returns whether it was new.</summary>
    [Alias("ApplyRegistration")]
    Task<bool> ApplyRegistrationAsync(CustomerRegisteredData registration);
}

/// <summary>The keys of <see cref="IAnalyticsEntityGrain"/>s.</summary>
public static class AnalyticsEntityKeys
{
    /// <summary>The entity of an order.</summary>
    public static string Order(string orderId) => $"order/{orderId}";

    /// <summary>The entity of a customer.</summary>
    public static string Customer(string customerId) => $"customer/{customerId}";
}

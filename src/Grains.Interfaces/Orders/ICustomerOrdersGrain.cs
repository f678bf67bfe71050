namespace EcommerceBackend.Contracts.Orders;

/// <summary>The orders of one customer, keyed by customer id, newest first.</summary>
[Alias("ecommerce.ICustomerOrdersGrain")]
public interface ICustomerOrdersGrain : IGrainWithStringKey
{
    /// <summary>Records an order of this customer (idempotent).</summary>
    [Alias("Add")]
    Task AddAsync(string orderId, DateTimeOffset createdAt);

    /// <summary>One page of the customer's order ids, newest first, with the total count.</summary>
    [Alias("List")]
    Task<PagedResult<string>> ListAsync(PageRequest page);
}

/// <summary>
/// A full, older part of one customer's order list, keyed <c>{customerId}/{chunk}</c>, written once: the
/// customer's list grain keeps only its newest orders in its own state, so its writes stay small.
/// </summary>
[Alias("ecommerce.ICustomerOrderArchiveGrain")]
public interface ICustomerOrderArchiveGrain : IGrainWithStringKey
{
    /// <summary>Stores the chunk's order ids, newest first (a repeat of the same store changes nothing).</summary>
    [Alias("Store")]
    Task StoreAsync(IReadOnlyList<string> orderIds);

    /// <summary>The chunk's order ids, newest first.</summary>
    [Alias("Get")]
    Task<IReadOnlyList<string>> GetAsync();
}

namespace EcommerceBackend.Contracts.Analytics;

/// <summary>The keys of the analytics grains.</summary>
public static class AnalyticsGrainKeys
{
    /// <summary>The one <see cref="IAnalyticsGrain"/> of the cluster.</summary>
    public const string Global = "global";
}

/// <summary>
/// The shop's analytics, kept from the event streams (<c>order.*</c>, <c>product.updated</c>,
/// <c>customer.registered</c>) and exact under redelivery and reordering: one grain, key
/// <see cref="AnalyticsGrainKeys.Global"/>. It answers from a view in memory that it rebuilds from the analytics
/// shards at most once per <c>Analytics:RefreshIntervalMs</c> after they change, so an answer may lag the events by
/// about that interval; it never recomputes per request.
/// </summary>
[Alias("ecommerce.IAnalyticsGrain")]
public interface IAnalyticsGrain : IGrainWithStringKey
{
    /// <summary>The headline figures; see <see cref="AnalyticsSummary"/> for what each means.</summary>
    [Alias("GetSummary")]
    Task<AnalyticsSummary> GetSummaryAsync();

    /// <summary>
    /// Orders, revenue and cancellations per UTC hour or day, by the time the orders were placed: one bucket for
    /// every hour (or day) from the one holding <paramref name="from"/> to the one holding <paramref name="to"/>,
    /// oldest first, empty ones included.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="from"/> is after <paramref name="to"/>, or the range spans more than <see cref="SalesRange.MaxBuckets"/> buckets.</exception>
    [Alias("GetSales")]
    Task<IReadOnlyList<SalesBucket>> GetSalesAsync(DateTimeOffset from, DateTimeOffset to, SalesInterval interval);

    /// <summary>The best-selling products of orders not cancelled, by units or by revenue, best first, at most <paramref name="limit"/> of them.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is negative.</exception>
    [Alias("GetTopProducts")]
    Task<IReadOnlyList<TopProduct>> GetTopProductsAsync(TopProductsBy by, int limit);
}

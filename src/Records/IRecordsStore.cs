namespace EcommerceBackend.Records;

/// <summary>
/// The durable records: what the shop knows, kept from the event streams for operators to query. Every save is
/// idempotent and ordered per entity: a record carries the version it reflects, and saving one no newer than the
/// stored one changes nothing. <see cref="MongoRecordsStore"/> keeps them in MongoDB, <see cref="InMemoryRecordsStore"/>
/// in the process (embedded mode without a MongoDB).
/// </summary>
public interface IRecordsStore
{
    /// <summary>Saves an order unless a version as new or newer is stored; returns whether it was saved.</summary>
    Task<bool> SaveOrderAsync(OrderRecord order, CancellationToken cancellationToken = default);

    /// <summary>Saves a customer unless a version as new or newer is stored; returns whether it was saved.</summary>
    Task<bool> SaveCustomerAsync(CustomerRecord customer, CancellationToken cancellationToken = default);

    /// <summary>Saves a product unless a version as new or newer is stored; returns whether it was saved.</summary>
    Task<bool> SaveProductAsync(ProductRecord product, CancellationToken cancellationToken = default);

    /// <summary>Adds an alert unless one with its id is stored; returns whether it was added.</summary>
    Task<bool> AddAlertAsync(AlertRecord alert, CancellationToken cancellationToken = default);

    /// <summary>Computes the figures of one UTC day from the order records placed on it, and stores them.</summary>
    Task<SalesDayRecord> RecomputeSalesDayAsync(DateTime day, CancellationToken cancellationToken = default);

    /// <summary>The stored figures of one UTC day, if any.</summary>
    Task<SalesDayRecord?> GetSalesDayAsync(DateTime day, CancellationToken cancellationToken = default);

    /// <summary>One order, if recorded.</summary>
    Task<OrderRecord?> GetOrderAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>One customer, if recorded.</summary>
    Task<CustomerRecord?> GetCustomerAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>One product, if recorded (deleted ones too).</summary>
    Task<ProductRecord?> GetProductAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>A page of orders, newest first.</summary>
    Task<RecordPage<OrderRecord>> FindOrdersAsync(OrderRecordQuery query, CancellationToken cancellationToken = default);

    /// <summary>A page of customers, newest registration first.</summary>
    Task<RecordPage<CustomerRecord>> FindCustomersAsync(CustomerRecordQuery query, CancellationToken cancellationToken = default);

    /// <summary>A page of alerts, newest first.</summary>
    Task<RecordPage<AlertRecord>> FindAlertsAsync(AlertRecordQuery query, CancellationToken cancellationToken = default);

    /// <summary>Every order placed in the range, oldest first, read as it is consumed.</summary>
    IAsyncEnumerable<OrderRecord> ExportOrdersAsync(DateTime? from, DateTime? to, CancellationToken cancellationToken = default);

    /// <summary>Creates the indexes (<see cref="RecordIndexes"/>); safe to repeat.</summary>
    Task EnsureIndexesAsync(CancellationToken cancellationToken = default);

    /// <summary>Throws when the store cannot be reached.</summary>
    Task PingAsync(CancellationToken cancellationToken = default);
}

/// <summary>One page of records and how many match in all.</summary>
/// <typeparam name="T">The record type.</typeparam>
public sealed record RecordPage<T>(IReadOnlyList<T> Items, long Total);

/// <summary>What orders to find; every filter given must hold.</summary>
public sealed record OrderRecordQuery
{
    /// <summary>Only this status.</summary>
    public OrderRecordStatus? Status { get; init; }

    /// <summary>Only this customer's.</summary>
    public string? CustomerId { get; init; }

    /// <summary>Placed at or after (UTC).</summary>
    public DateTime? From { get; init; }

    /// <summary>Placed before (UTC).</summary>
    public DateTime? To { get; init; }

    /// <summary>With a total of at least this.</summary>
    public decimal? MinTotal { get; init; }

    /// <summary>How many matching orders to pass over.</summary>
    public int Skip { get; init; }

    /// <summary>How many to return.</summary>
    public int Limit { get; init; } = 20;
}

/// <summary>What customers to find.</summary>
public sealed record CustomerRecordQuery
{
    /// <summary>Text the name or the email contains, compared case-insensitively; everyone when absent.</summary>
    public string? Text { get; init; }

    /// <summary>How many matching customers to pass over.</summary>
    public int Skip { get; init; }

    /// <summary>How many to return.</summary>
    public int Limit { get; init; } = 20;
}

/// <summary>What alerts to find.</summary>
public sealed record AlertRecordQuery
{
    /// <summary>Added at or after (UTC).</summary>
    public DateTime? From { get; init; }

    /// <summary>Added before (UTC).</summary>
    public DateTime? To { get; init; }

    /// <summary>Only this kind (a routing key such as <c>product.stock_low</c>).</summary>
    public string? Type { get; init; }

    /// <summary>Only this inbox's.</summary>
    public string? Owner { get; init; }

    /// <summary>How many matching alerts to pass over.</summary>
    public int Skip { get; init; }

    /// <summary>How many to return.</summary>
    public int Limit { get; init; } = 20;
}

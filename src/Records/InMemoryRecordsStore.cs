using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;

namespace EcommerceBackend.Records;

/// <summary>
/// The records in this process's memory, for embedded mode without a MongoDB: the same behaviour as
/// <see cref="MongoRecordsStore"/> (versioned saves, alerts once, the same filters and orders), gone with the process.
/// </summary>
public sealed class InMemoryRecordsStore(IOptions<RecordsOptions> options, TimeProvider time) : IRecordsStore
{
    private readonly ConcurrentDictionary<string, OrderRecord> _orders = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CustomerRecord> _customers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ProductRecord> _products = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, AlertRecord> _alerts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<DateTime, SalesDayRecord> _salesDaily = new();

    // Expired alerts are swept out at most this often, as MongoDB's TTL monitor does (every 60 s); reads skip them anyway.
    private static readonly TimeSpan AlertSweepInterval = TimeSpan.FromMinutes(1);
    private long _nextAlertSweep;

    private DateTime AlertCutoff => AlertCutoffAt(time.GetUtcNow().UtcDateTime);

    /// <inheritdoc/>
    public Task<bool> SaveOrderAsync(OrderRecord order, CancellationToken cancellationToken = default) =>
        Task.FromResult(SaveNewer(_orders, order.Id, order, o => o.Version));

    /// <inheritdoc/>
    public Task<bool> SaveCustomerAsync(CustomerRecord customer, CancellationToken cancellationToken = default)
    {
        lock (_customers)
        {
            // The unique index on email, whatever the case, as MongoDB keeps it.
            if (_customers.Values.Any(c => c.Id != customer.Id && string.Equals(c.Email, customer.Email, StringComparison.OrdinalIgnoreCase)))
            {
                throw new InvalidOperationException($"Another customer has the email {customer.Email}.");
            }

            return Task.FromResult(SaveNewer(_customers, customer.Id, customer, c => c.Version));
        }
    }

    /// <inheritdoc/>
    public Task<bool> SaveProductAsync(ProductRecord product, CancellationToken cancellationToken = default) =>
        Task.FromResult(SaveNewer(_products, product.Id, product, p => p.Version));

    /// <inheritdoc/>
    public Task<bool> AddAlertAsync(AlertRecord alert, CancellationToken cancellationToken = default)
    {
        // Expired alerts leave, as MongoDB's TTL index takes them: a sweep a minute, not a scan of every alert per alert.
        var now = time.GetUtcNow().UtcDateTime;
        var due = Interlocked.Read(ref _nextAlertSweep);
        if (now.Ticks >= due && Interlocked.CompareExchange(ref _nextAlertSweep, (now + AlertSweepInterval).Ticks, due) == due)
        {
            var cutoff = AlertCutoffAt(now);
            foreach (var (id, kept) in _alerts)
            {
                if (kept.CreatedAt < cutoff)
                {
                    _alerts.TryRemove(id, out _);
                }
            }
        }

        return Task.FromResult(_alerts.TryAdd(alert.Id, alert));
    }

    private DateTime AlertCutoffAt(DateTime now) => now - TimeSpan.FromDays(options.Value.AlertRetentionDays);

    /// <inheritdoc/>
    public Task<SalesDayRecord> RecomputeSalesDayAsync(DateTime day, CancellationToken cancellationToken = default)
    {
        var midnight = DateTime.SpecifyKind(day.Date, DateTimeKind.Utc);
        var next = midnight.AddDays(1);
        var (orders, revenue, cancelled) = (0, 0m, 0);
        // Enumerating the dictionary itself takes no lock and copies nothing (its Values would do both, stalling
        // every order save while it copies them all); an order saved meanwhile is counted by the next recompute.
        foreach (var (_, order) in _orders)
        {
            if (order.CreatedAt < midnight || order.CreatedAt >= next)
            {
                continue;
            }

            orders++;
            if (order.Status == OrderRecordStatus.Cancelled)
            {
                cancelled++;
            }
            else
            {
                revenue += order.Total;
            }
        }

        var record = new SalesDayRecord
        {
            Day = midnight,
            Orders = orders,
            Revenue = revenue,
            Cancelled = cancelled,
            ComputedAt = time.GetUtcNow().UtcDateTime,
        };
        _salesDaily[midnight] = record;
        return Task.FromResult(record);
    }

    /// <inheritdoc/>
    public Task<SalesDayRecord?> GetSalesDayAsync(DateTime day, CancellationToken cancellationToken = default) =>
        Task.FromResult(_salesDaily.GetValueOrDefault(DateTime.SpecifyKind(day.Date, DateTimeKind.Utc)));

    /// <inheritdoc/>
    public Task<OrderRecord?> GetOrderAsync(string id, CancellationToken cancellationToken = default) => Task.FromResult(_orders.GetValueOrDefault(id));

    /// <inheritdoc/>
    public Task<CustomerRecord?> GetCustomerAsync(string id, CancellationToken cancellationToken = default) => Task.FromResult(_customers.GetValueOrDefault(id));

    /// <inheritdoc/>
    public Task<ProductRecord?> GetProductAsync(string id, CancellationToken cancellationToken = default) => Task.FromResult(_products.GetValueOrDefault(id));

    /// <inheritdoc/>
    public Task<RecordPage<OrderRecord>> FindOrdersAsync(OrderRecordQuery query, CancellationToken cancellationToken = default) =>
        Task.FromResult(Page(
            _orders.Values.Where(o =>
                (query.Status is not { } status || o.Status == status)
                && (query.CustomerId is not { } customer || o.CustomerId == customer)
                && (query.From is not { } from || o.CreatedAt >= from)
                && (query.To is not { } to || o.CreatedAt < to)
                && (query.MinTotal is not { } min || o.Total >= min))
            .OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Id, StringComparer.Ordinal),
            query.Skip,
            query.Limit));

    /// <inheritdoc/>
    public Task<RecordPage<CustomerRecord>> FindCustomersAsync(CustomerRecordQuery query, CancellationToken cancellationToken = default) =>
        Task.FromResult(Page(
            _customers.Values.Where(c => string.IsNullOrEmpty(query.Text)
                    || c.Name.Contains(query.Text, StringComparison.OrdinalIgnoreCase)
                    || c.Email.Contains(query.Text, StringComparison.OrdinalIgnoreCase))
                .OrderByDescending(c => c.RegisteredAt).ThenByDescending(c => c.Id, StringComparer.Ordinal),
            query.Skip,
            query.Limit));

    /// <inheritdoc/>
    public Task<RecordPage<AlertRecord>> FindAlertsAsync(AlertRecordQuery query, CancellationToken cancellationToken = default)
    {
        var cutoff = AlertCutoff;
        return Task.FromResult(Page(
            _alerts.Values.Where(a =>
                    a.CreatedAt >= cutoff
                    && (query.From is not { } from || a.CreatedAt >= from)
                    && (query.To is not { } to || a.CreatedAt < to)
                    && (query.Type is not { } type || a.Type == type)
                    && (query.Owner is not { } owner || a.Owner == owner))
                .OrderByDescending(a => a.CreatedAt).ThenByDescending(a => a.Id, StringComparer.Ordinal),
            query.Skip,
            query.Limit));
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<OrderRecord> ExportOrdersAsync(DateTime? from, DateTime? to, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var orders = _orders.Values
            .Where(o => (from is not { } start || o.CreatedAt >= start) && (to is not { } end || o.CreatedAt < end))
            .OrderBy(o => o.CreatedAt).ThenBy(o => o.Id, StringComparer.Ordinal)
            .ToList();
        foreach (var order in orders)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return order;
        }

        await Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task EnsureIndexesAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <inheritdoc/>
    public Task PingAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    private static bool SaveNewer<T>(ConcurrentDictionary<string, T> records, string id, T record, Func<T, long> version)
    {
        while (true)
        {
            if (!records.TryGetValue(id, out var stored))
            {
                if (records.TryAdd(id, record))
                {
                    return true;
                }

                continue;
            }

            if (version(stored) >= version(record))
            {
                return false;
            }

            if (records.TryUpdate(id, record, stored))
            {
                return true;
            }
        }
    }

    private static RecordPage<T> Page<T>(IEnumerable<T> ordered, int skip, int limit)
    {
        var all = ordered.ToList();
        return new RecordPage<T>([.. all.Skip(skip).Take(limit)], all.Count);
    }
}

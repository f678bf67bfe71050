using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using MongoDB.Bson;
using MongoDB.Driver;

namespace EcommerceBackend.Records;

/// <summary>
/// The records in MongoDB, with the official driver and ordinary operations only: a versioned save is a replace of
/// the document whose version is lower, with upsert (a newer or equal stored version makes the upsert collide on
/// <c>_id</c>, which means "already as new": nothing changes); an alert is an insert that ignores its own repeat.
/// </summary>
public sealed class MongoRecordsStore : IRecordsStore
{
    private const int DuplicateKey = 11000;
    private const int IndexOptionsConflict = 85;

    private readonly IMongoDatabase _database;
    private readonly RecordsOptions _options;

    /// <summary>Connects (lazily: the driver connects on first use) to the database of <paramref name="options"/>.</summary>
    public MongoRecordsStore(IOptions<RecordsOptions> options)
    {
        RecordsMapping.Register();
        _options = options.Value;
        var settings = MongoClientSettings.FromConnectionString(_options.ConnectionString);
        // Fail fast while MongoDB is down: the caller (the records consumer) is retried by its stream.
        settings.ServerSelectionTimeout = TimeSpan.FromSeconds(5);
        _database = new MongoClient(settings).GetDatabase(_options.DatabaseName);
    }

    private IMongoCollection<OrderRecord> Orders => _database.GetCollection<OrderRecord>(RecordsMapping.Orders);

    private IMongoCollection<CustomerRecord> Customers => _database.GetCollection<CustomerRecord>(RecordsMapping.Customers);

    private IMongoCollection<ProductRecord> Products => _database.GetCollection<ProductRecord>(RecordsMapping.Products);

    private IMongoCollection<AlertRecord> Alerts => _database.GetCollection<AlertRecord>(RecordsMapping.Alerts);

    private IMongoCollection<SalesDayRecord> SalesDaily => _database.GetCollection<SalesDayRecord>(RecordsMapping.SalesDaily);

    /// <inheritdoc/>
    public Task<bool> SaveOrderAsync(OrderRecord order, CancellationToken cancellationToken = default) =>
        SaveNewerAsync(Orders, order.Id, order.Version, order, cancellationToken);

    /// <inheritdoc/>
    public Task<bool> SaveCustomerAsync(CustomerRecord customer, CancellationToken cancellationToken = default) =>
        SaveNewerAsync(Customers, customer.Id, customer.Version, customer, cancellationToken);

    /// <inheritdoc/>
    public Task<bool> SaveProductAsync(ProductRecord product, CancellationToken cancellationToken = default) =>
        SaveNewerAsync(Products, product.Id, product.Version, product, cancellationToken);

    /// <inheritdoc/>
    public async Task<bool> AddAlertAsync(AlertRecord alert, CancellationToken cancellationToken = default)
    {
        try
        {
            await Alerts.InsertOneAsync(alert, cancellationToken: cancellationToken);
            return true;
        }
        catch (MongoWriteException ex) when (ex.WriteError?.Code == DuplicateKey)
        {
            return false;
        }
    }

    /// <inheritdoc/>
    public async Task<SalesDayRecord> RecomputeSalesDayAsync(DateTime day, CancellationToken cancellationToken = default)
    {
        var midnight = Midnight(day);
        var totals = await Orders.Aggregate()
            .Match(RecordQueries.PlacedOn(midnight))
            .Group(o => 1, g => new
            {
                Orders = g.Count(),
                Revenue = g.Sum(o => o.Status == OrderRecordStatus.Cancelled ? 0m : o.Total),
                Cancelled = g.Sum(o => o.Status == OrderRecordStatus.Cancelled ? 1 : 0),
            })
            .FirstOrDefaultAsync(cancellationToken);
        var record = new SalesDayRecord
        {
            Day = midnight,
            Orders = totals?.Orders ?? 0,
            Revenue = totals?.Revenue ?? 0m,
            Cancelled = totals?.Cancelled ?? 0,
            ComputedAt = DateTime.UtcNow,
        };
        await SalesDaily.ReplaceOneAsync(d => d.Day == midnight, record, new ReplaceOptions { IsUpsert = true }, cancellationToken);
        return record;
    }

    /// <inheritdoc/>
    public async Task<SalesDayRecord?> GetSalesDayAsync(DateTime day, CancellationToken cancellationToken = default)
    {
        var midnight = Midnight(day);
        return await SalesDaily.Find(d => d.Day == midnight).FirstOrDefaultAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<OrderRecord?> GetOrderAsync(string id, CancellationToken cancellationToken = default) =>
        await Orders.Find(o => o.Id == id).FirstOrDefaultAsync(cancellationToken);

    /// <inheritdoc/>
    public async Task<CustomerRecord?> GetCustomerAsync(string id, CancellationToken cancellationToken = default) =>
        await Customers.Find(c => c.Id == id).FirstOrDefaultAsync(cancellationToken);

    /// <inheritdoc/>
    public async Task<ProductRecord?> GetProductAsync(string id, CancellationToken cancellationToken = default) =>
        await Products.Find(p => p.Id == id).FirstOrDefaultAsync(cancellationToken);

    /// <inheritdoc/>
    public Task<RecordPage<OrderRecord>> FindOrdersAsync(OrderRecordQuery query, CancellationToken cancellationToken = default) =>
        PageAsync(Orders, RecordQueries.Orders(query), RecordQueries.OrdersNewestFirst, query.Skip, query.Limit, cancellationToken);

    /// <inheritdoc/>
    public Task<RecordPage<CustomerRecord>> FindCustomersAsync(CustomerRecordQuery query, CancellationToken cancellationToken = default) =>
        PageAsync(Customers, RecordQueries.Customers(query), RecordQueries.CustomersNewestFirst, query.Skip, query.Limit, cancellationToken);

    /// <inheritdoc/>
    public Task<RecordPage<AlertRecord>> FindAlertsAsync(AlertRecordQuery query, CancellationToken cancellationToken = default) =>
        PageAsync(Alerts, RecordQueries.Alerts(query), RecordQueries.AlertsNewestFirst, query.Skip, query.Limit, cancellationToken);

    /// <inheritdoc/>
    public async IAsyncEnumerable<OrderRecord> ExportOrdersAsync(DateTime? from, DateTime? to, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var cursor = await Orders.Find(RecordQueries.OrdersPlaced(from, to)).Sort(RecordQueries.OrdersOldestFirst).ToCursorAsync(cancellationToken);
        while (await cursor.MoveNextAsync(cancellationToken))
        {
            foreach (var order in cursor.Current)
            {
                yield return order;
            }
        }
    }

    /// <inheritdoc/>
    public async Task EnsureIndexesAsync(CancellationToken cancellationToken = default)
    {
        await Orders.Indexes.CreateManyAsync(RecordIndexes.Orders, cancellationToken);
        await Customers.Indexes.CreateManyAsync(RecordIndexes.Customers, cancellationToken);
        await Products.Indexes.CreateManyAsync(RecordIndexes.Products, cancellationToken);
        var alerts = RecordIndexes.Alerts(_options.AlertRetentionDays);
        try
        {
            await Alerts.Indexes.CreateManyAsync(alerts, cancellationToken);
        }
        catch (MongoCommandException ex) when (ex.Code == IndexOptionsConflict)
        {
            // The retention changed since the TTL index was made: change it in place.
            await _database.RunCommandAsync<BsonDocument>(
                new BsonDocument
                {
                    ["collMod"] = RecordsMapping.Alerts,
                    ["index"] = new BsonDocument { ["name"] = alerts[1].Options.Name, ["expireAfterSeconds"] = (long)TimeSpan.FromDays(_options.AlertRetentionDays).TotalSeconds },
                },
                cancellationToken: cancellationToken);
        }
    }

    /// <inheritdoc/>
    public Task PingAsync(CancellationToken cancellationToken = default) =>
        _database.RunCommandAsync<BsonDocument>(new BsonDocument("ping", 1), cancellationToken: cancellationToken);

    private static async Task<bool> SaveNewerAsync<T>(IMongoCollection<T> collection, string id, long version, T document, CancellationToken cancellationToken)
    {
        try
        {
            await collection.ReplaceOneAsync(RecordQueries.OlderThan<T>(id, version), document, new ReplaceOptions { IsUpsert = true }, cancellationToken);
            return true;
        }
        catch (MongoWriteException ex) when (ex.WriteError?.Code == DuplicateKey && ex.WriteError.Message.Contains("_id_", StringComparison.Ordinal))
        {
            // A document with this id and a version at least as new is stored: this one is a repeat or came late.
            return false;
        }
    }

    private static async Task<RecordPage<T>> PageAsync<T>(
        IMongoCollection<T> collection, FilterDefinition<T> filter, SortDefinition<T> sort, int skip, int limit, CancellationToken cancellationToken)
    {
        var total = await collection.CountDocumentsAsync(filter, cancellationToken: cancellationToken);
        var items = total <= skip ? [] : await collection.Find(filter).Sort(sort).Skip(skip).Limit(limit).ToListAsync(cancellationToken);
        return new RecordPage<T>(items, total);
    }

    private static DateTime Midnight(DateTime day) => DateTime.SpecifyKind(day.Date, DateTimeKind.Utc);
}

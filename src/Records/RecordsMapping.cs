using System.Text.RegularExpressions;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Bson.Serialization.Conventions;
using MongoDB.Bson.Serialization.Serializers;
using MongoDB.Driver;

namespace EcommerceBackend.Records;

/// <summary>
/// How records look in MongoDB, in one place: field names in camelCase, the API's ids as <c>_id</c>, money as
/// <c>Decimal128</c>, times as UTC dates, statuses by name.
/// </summary>
public static class RecordsMapping
{
    /// <summary>The collections.</summary>
    public const string Orders = "orders";

    /// <inheritdoc cref="Orders"/>
    public const string Customers = "customers";

    /// <inheritdoc cref="Orders"/>
    public const string Products = "products";

    /// <inheritdoc cref="Orders"/>
    public const string Alerts = "alerts";

    /// <inheritdoc cref="Orders"/>
    public const string SalesDaily = "sales_daily";

    private static readonly Lock Gate = new();
    private static bool _registered;

    /// <summary>Registers the class maps (once per process; later calls do nothing).</summary>
    public static void Register()
    {
        lock (Gate)
        {
            if (_registered)
            {
                return;
            }

            ConventionRegistry.Register(
                "ecommerce-records",
                new ConventionPack { new CamelCaseElementNameConvention(), new IgnoreExtraElementsConvention(true) },
                type => type.Namespace == typeof(OrderRecord).Namespace);

            var money = new DecimalSerializer(BsonType.Decimal128);
            var utc = new DateTimeSerializer(DateTimeKind.Utc);
            var status = new EnumSerializer<OrderRecordStatus>(BsonType.String);
            BsonClassMap.RegisterClassMap<OrderRecord>(map =>
            {
                map.AutoMap();
                map.MapIdMember(o => o.Id);
                map.MapMember(o => o.Total).SetSerializer(money);
                map.MapMember(o => o.Status).SetSerializer(status);
                map.MapMember(o => o.CreatedAt).SetSerializer(utc);
                map.MapMember(o => o.UpdatedAt).SetSerializer(utc);
            });
            BsonClassMap.RegisterClassMap<OrderLineRecord>(map =>
            {
                map.AutoMap();
                map.MapMember(l => l.UnitPrice).SetSerializer(money);
            });
            BsonClassMap.RegisterClassMap<StatusChangeRecord>(map =>
            {
                map.AutoMap();
                map.MapMember(c => c.Status).SetSerializer(status);
                map.MapMember(c => c.At).SetSerializer(utc);
            });
            BsonClassMap.RegisterClassMap<AddressRecord>(map => map.AutoMap());
            BsonClassMap.RegisterClassMap<CustomerRecord>(map =>
            {
                map.AutoMap();
                map.MapIdMember(c => c.Id);
                map.MapMember(c => c.RegisteredAt).SetSerializer(utc);
            });
            BsonClassMap.RegisterClassMap<ProductRecord>(map =>
            {
                map.AutoMap();
                map.MapIdMember(p => p.Id);
                map.MapMember(p => p.Price).SetSerializer(money);
                map.MapMember(p => p.CreatedAt).SetSerializer(utc);
                map.MapMember(p => p.UpdatedAt).SetSerializer(utc);
            });
            BsonClassMap.RegisterClassMap<AlertRecord>(map =>
            {
                map.AutoMap();
                map.MapIdMember(a => a.Id);
                map.MapMember(a => a.CreatedAt).SetSerializer(utc);
            });
            BsonClassMap.RegisterClassMap<SalesDayRecord>(map =>
            {
                map.AutoMap();
                map.MapIdMember(d => d.Day).SetSerializer(utc);
                map.MapMember(d => d.Revenue).SetSerializer(money);
                map.MapMember(d => d.ComputedAt).SetSerializer(utc);
            });
            _registered = true;
        }
    }
}

/// <summary>The indexes of the records, declared in one place; <see cref="IRecordsStore.EnsureIndexesAsync"/> creates them.</summary>
public static class RecordIndexes
{
    /// <summary>Case-insensitive comparison (strength 2: letters compare without their case).</summary>
    public static readonly Collation CaseInsensitive = new("en", strength: CollationStrength.Secondary);

    /// <summary>Orders by customer and by status, each newest first, and by time (date ranges, a day's sales).</summary>
    public static IReadOnlyList<CreateIndexModel<OrderRecord>> Orders { get; } =
    [
        new(Builders<OrderRecord>.IndexKeys.Ascending(o => o.CustomerId).Descending(o => o.CreatedAt), new CreateIndexOptions { Name = "customerId_createdAt" }),
        new(Builders<OrderRecord>.IndexKeys.Ascending(o => o.Status).Descending(o => o.CreatedAt), new CreateIndexOptions { Name = "status_createdAt" }),
        new(Builders<OrderRecord>.IndexKeys.Descending(o => o.CreatedAt), new CreateIndexOptions { Name = "createdAt" }),
    ];

    /// <summary>Customers by email, unique whatever the case.</summary>
    public static IReadOnlyList<CreateIndexModel<CustomerRecord>> Customers { get; } =
    [
        new(Builders<CustomerRecord>.IndexKeys.Ascending(c => c.Email), new CreateIndexOptions { Name = "email_unique", Unique = true, Collation = CaseInsensitive }),
    ];

    /// <summary>Products by category, and a text index on name and description.</summary>
    public static IReadOnlyList<CreateIndexModel<ProductRecord>> Products { get; } =
    [
        new(Builders<ProductRecord>.IndexKeys.Ascending(p => p.Category), new CreateIndexOptions { Name = "category" }),
        new(Builders<ProductRecord>.IndexKeys.Text(p => p.Name).Text(p => p.Description), new CreateIndexOptions { Name = "name_description_text" }),
    ];

    /// <summary>Alerts by inbox, newest first, and by time with a TTL of <paramref name="retentionDays"/>.</summary>
    public static IReadOnlyList<CreateIndexModel<AlertRecord>> Alerts(int retentionDays) =>
    [
        new(Builders<AlertRecord>.IndexKeys.Ascending(a => a.Owner).Descending(a => a.CreatedAt), new CreateIndexOptions { Name = "owner_createdAt" }),
        new(Builders<AlertRecord>.IndexKeys.Ascending(a => a.CreatedAt), new CreateIndexOptions { Name = "createdAt_ttl", ExpireAfter = TimeSpan.FromDays(retentionDays) }),
    ];
}

/// <summary>The filters and sorts of the records' queries, in one place (so tests can read what they render to).</summary>
public static class RecordQueries
{
    /// <summary>Newest first, ties by id so pages never overlap.</summary>
    public static readonly SortDefinition<OrderRecord> OrdersNewestFirst = Builders<OrderRecord>.Sort.Descending(o => o.CreatedAt).Descending(o => o.Id);

    /// <summary>Oldest first, for exports.</summary>
    public static readonly SortDefinition<OrderRecord> OrdersOldestFirst = Builders<OrderRecord>.Sort.Ascending(o => o.CreatedAt).Ascending(o => o.Id);

    /// <inheritdoc cref="OrdersNewestFirst"/>
    public static readonly SortDefinition<CustomerRecord> CustomersNewestFirst = Builders<CustomerRecord>.Sort.Descending(c => c.RegisteredAt).Descending(c => c.Id);

    /// <inheritdoc cref="OrdersNewestFirst"/>
    public static readonly SortDefinition<AlertRecord> AlertsNewestFirst = Builders<AlertRecord>.Sort.Descending(a => a.CreatedAt).Descending(a => a.Id);

    /// <summary>The orders a query asks for.</summary>
    public static FilterDefinition<OrderRecord> Orders(OrderRecordQuery query)
    {
        var f = Builders<OrderRecord>.Filter;
        var filters = new List<FilterDefinition<OrderRecord>>();
        if (query.Status is { } status)
        {
            filters.Add(f.Eq(o => o.Status, status));
        }

        if (query.CustomerId is { } customerId)
        {
            filters.Add(f.Eq(o => o.CustomerId, customerId));
        }

        filters.AddRange(Range(f, o => o.CreatedAt, query.From, query.To));
        if (query.MinTotal is { } minTotal)
        {
            filters.Add(f.Gte(o => o.Total, minTotal));
        }

        return filters.Count == 0 ? f.Empty : f.And(filters);
    }

    /// <summary>Orders placed in a range (for exports).</summary>
    public static FilterDefinition<OrderRecord> OrdersPlaced(DateTime? from, DateTime? to)
    {
        var f = Builders<OrderRecord>.Filter;
        var filters = Range(f, o => o.CreatedAt, from, to).ToList();
        return filters.Count == 0 ? f.Empty : f.And(filters);
    }

    /// <summary>The customers whose name or email contains the text, whatever the case (the text is taken literally).</summary>
    public static FilterDefinition<CustomerRecord> Customers(CustomerRecordQuery query)
    {
        var f = Builders<CustomerRecord>.Filter;
        if (string.IsNullOrEmpty(query.Text))
        {
            return f.Empty;
        }

        var pattern = new BsonRegularExpression(Regex.Escape(query.Text), "i");
        return f.Or(f.Regex(c => c.Name, pattern), f.Regex(c => c.Email, pattern));
    }

    /// <summary>The alerts a query asks for.</summary>
    public static FilterDefinition<AlertRecord> Alerts(AlertRecordQuery query)
    {
        var f = Builders<AlertRecord>.Filter;
        var filters = Range(f, a => a.CreatedAt, query.From, query.To).ToList();
        if (query.Type is { } type)
        {
            filters.Add(f.Eq(a => a.Type, type));
        }

        if (query.Owner is { } owner)
        {
            filters.Add(f.Eq(a => a.Owner, owner));
        }

        return filters.Count == 0 ? f.Empty : f.And(filters);
    }

    /// <summary>A stored record is replaced only by a newer version of it.</summary>
    public static FilterDefinition<T> OlderThan<T>(string id, long version) =>
        Builders<T>.Filter.And(Builders<T>.Filter.Eq("_id", id), Builders<T>.Filter.Lt("version", version));

    /// <summary>The orders placed on one UTC day.</summary>
    public static FilterDefinition<OrderRecord> PlacedOn(DateTime day) =>
        OrdersPlaced(day, day.AddDays(1));

    private static IEnumerable<FilterDefinition<T>> Range<T>(FilterDefinitionBuilder<T> f, System.Linq.Expressions.Expression<Func<T, DateTime>> field, DateTime? from, DateTime? to)
    {
        if (from is { } start)
        {
            yield return f.Gte(field, start);
        }

        if (to is { } end)
        {
            yield return f.Lt(field, end);
        }
    }
}

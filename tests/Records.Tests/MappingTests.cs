using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Driver;

namespace EcommerceBackend.Records.Tests;

/// <summary>
/// What the records look like in MongoDB, checked without a server: documents round-trip through BSON with money as
/// Decimal128, times in UTC and statuses by name; every filter, sort and index renders to the document expected.
/// </summary>
public sealed class MappingTests
{
    public MappingTests() => RecordsMapping.Register();

    [Fact]
    public void An_order_round_trips_through_BSON_with_money_as_Decimal128_times_in_UTC_and_statuses_by_name()
    {
        var order = Samples.Order("000000000000000000000001", version: 2, total: 19.99m, status: OrderRecordStatus.Confirmed);

        var bson = order.ToBsonDocument();

        Assert.Equal("000000000000000000000001", bson["_id"].AsString);
        Assert.False(bson.Contains("id"));
        Assert.Equal(BsonType.Decimal128, bson["total"].BsonType);
        Assert.Equal(19.99m, bson["total"].AsDecimal);
        Assert.Equal("Confirmed", bson["status"].AsString);
        Assert.Equal(BsonType.DateTime, bson["createdAt"].BsonType);
        var line = bson["items"].AsBsonArray[0].AsBsonDocument;
        Assert.Equal(BsonType.Decimal128, line["unitPrice"].BsonType);
        Assert.Equal(2, line["quantity"].AsInt32);
        Assert.Equal("Pending", bson["history"].AsBsonArray[0]["status"].AsString);
        Assert.Equal("10001", bson["shippingAddress"]["zipCode"].AsString);

        var back = BsonSerializer.Deserialize<OrderRecord>(bson);
        Assert.Equal(DateTimeKind.Utc, back.CreatedAt.Kind);
        Assert.Equal(order.CreatedAt, back.CreatedAt);
        Assert.Equal(DateTimeKind.Utc, back.History[0].At.Kind);
        Assert.Equivalent(order, back, strict: true);
    }

    [Fact]
    public void Customers_products_alerts_and_sales_days_round_trip_through_BSON()
    {
        var customer = Samples.Customer("000000000000000000000002", "Ada@Example.com");
        var product = Samples.Product("000000000000000000000003", version: 4, price: 999.99m, deleted: true);
        var alert = Samples.Alert("000000000000000000000004", "admins", Samples.At(1));
        var day = new SalesDayRecord { Day = Samples.At(0).Date, Orders = 3, Revenue = 30.30m, Cancelled = 1, ComputedAt = Samples.At(2) };

        Assert.Equivalent(customer, BsonSerializer.Deserialize<CustomerRecord>(customer.ToBsonDocument()), strict: true);
        Assert.Equivalent(product, BsonSerializer.Deserialize<ProductRecord>(product.ToBsonDocument()), strict: true);
        Assert.Equivalent(alert, BsonSerializer.Deserialize<AlertRecord>(alert.ToBsonDocument()), strict: true);
        Assert.Equivalent(day, BsonSerializer.Deserialize<SalesDayRecord>(day.ToBsonDocument()), strict: true);

        Assert.DoesNotContain(customer.ToBsonDocument().Names, n => n.Contains("password", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(BsonType.Decimal128, product.ToBsonDocument()["price"].BsonType);
        Assert.True(product.ToBsonDocument()["deleted"].AsBoolean);
        Assert.Equal(BsonType.DateTime, day.ToBsonDocument()["_id"].BsonType);
        Assert.Equal(BsonType.Decimal128, day.ToBsonDocument()["revenue"].BsonType);
    }

    [Fact]
    public void An_order_query_renders_to_the_filter_expected_and_sorts_newest_first()
    {
        var query = new OrderRecordQuery
        {
            Status = OrderRecordStatus.Shipped,
            CustomerId = "000000000000000000000001",
            From = Samples.At(0),
            To = Samples.At(24),
            MinTotal = 25m,
        };

        Assert.Equal(
            BsonDocument.Parse("""
                {
                    "status": "Shipped",
                    "customerId": "000000000000000000000001",
                    "createdAt": { "$gte": ISODate("2026-11-30T00:00:00Z"), "$lt": ISODate("2026-12-01T00:00:00Z") },
                    "total": { "$gte": NumberDecimal("25") }
                }
                """),
            Render(RecordQueries.Orders(query)));
        Assert.Equal(BsonDocument.Parse("{ }"), Render(RecordQueries.Orders(new OrderRecordQuery())));
        Assert.Equal(BsonDocument.Parse("""{ "createdAt": -1, "_id": -1 }"""), Render(RecordQueries.OrdersNewestFirst));
        Assert.Equal(BsonDocument.Parse("""{ "createdAt": 1, "_id": 1 }"""), Render(RecordQueries.OrdersOldestFirst));
    }

    [Fact]
    public void A_customer_search_is_a_case_insensitive_literal_match_on_name_or_email()
    {
        var filter = Render(RecordQueries.Customers(new CustomerRecordQuery { Text = "ada.l+1@x" }));

        Assert.Equal(
            BsonDocument.Parse("""{ "$or": [ { "name": /ada\.l\+1@x/i }, { "email": /ada\.l\+1@x/i } ] }"""),
            filter);
    }

    [Fact]
    public void Alert_queries_and_versioned_saves_render_to_the_filters_expected()
    {
        Assert.Equal(
            BsonDocument.Parse("""{ "createdAt": { "$gte": ISODate("2026-11-30T01:00:00Z") }, "type": "product.stock_low", "owner": "admins" }"""),
            Render(RecordQueries.Alerts(new AlertRecordQuery { From = Samples.At(1), Type = "product.stock_low", Owner = "admins" })));
        Assert.Equal(
            BsonDocument.Parse("""{ "_id": "000000000000000000000001", "version": { "$lt": NumberLong(3) } }"""),
            Render(RecordQueries.OlderThan<OrderRecord>("000000000000000000000001", 3)));
    }

    [Fact]
    public void Every_index_is_declared_with_its_keys_and_options()
    {
        Assert.Equal(
            ["""{ "customerId" : 1, "createdAt" : -1 }""", """{ "status" : 1, "createdAt" : -1 }""", """{ "createdAt" : -1 }"""],
            RecordIndexes.Orders.Select(i => Render(i.Keys).ToJson()));
        var email = Assert.Single(RecordIndexes.Customers);
        Assert.Equal("""{ "email" : 1 }""", Render(email.Keys).ToJson());
        Assert.True(email.Options.Unique);
        Assert.Equal(("en", CollationStrength.Secondary), (email.Options.Collation.Locale, email.Options.Collation.Strength));
        Assert.Equal(
            ["""{ "category" : 1 }""", """{ "name" : "text", "description" : "text" }"""],
            RecordIndexes.Products.Select(i => Render(i.Keys).ToJson()));
        var alerts = RecordIndexes.Alerts(retentionDays: 30);
        Assert.Equal(["""{ "owner" : 1, "createdAt" : -1 }""", """{ "createdAt" : 1 }"""], alerts.Select(i => Render(i.Keys).ToJson()));
        Assert.Equal(TimeSpan.FromDays(30), alerts[1].Options.ExpireAfter);
    }

    private static BsonDocument Render<T>(FilterDefinition<T> filter) =>
        filter.Render(new RenderArgs<T>(BsonSerializer.SerializerRegistry.GetSerializer<T>(), BsonSerializer.SerializerRegistry));

    private static BsonDocument Render<T>(SortDefinition<T> sort) =>
        sort.Render(new RenderArgs<T>(BsonSerializer.SerializerRegistry.GetSerializer<T>(), BsonSerializer.SerializerRegistry));

    private static BsonDocument Render<T>(IndexKeysDefinition<T> keys) =>
        keys.Render(new RenderArgs<T>(BsonSerializer.SerializerRegistry.GetSerializer<T>(), BsonSerializer.SerializerRegistry));
}

using System.Net;
using System.Net.Http.Headers;
using EcommerceBackend.Api.Tests.Infrastructure;
using EcommerceBackend.Api.Tests.Orders;
using MongoDB.Bson;
using MongoDB.Driver;
using Orleans.Streaming.RabbitMQ.Tests.Infrastructure;

namespace EcommerceBackend.Api.Tests.RunModes;

/// <summary>
/// Orders placed through a running system are read back from its records: always from the embedded mode's
/// in-process store, and, wherever <c>MONGO_URI</c> names a MongoDB, from cluster mode's MongoDB as documents too.
/// No MongoDB server can run on the project's own machines and none is faked, so without <c>MONGO_URI</c> only the
/// in-process case runs (the test command says how many MongoDB tests ran).
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class RecordsEndToEndTests
{
    /// <summary>The stores to run against: <c>in-process</c>, and <c>mongodb</c> when <c>MONGO_URI</c> is set.</summary>
    public static TheoryData<string> Stores
    {
        get
        {
            var stores = new TheoryData<string> { "in-process" };
            if (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("MONGO_URI")))
            {
                stores.Add("mongodb");
            }

            return stores;
        }
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task Orders_placed_through_the_system_are_read_back_from_its_records(string store)
    {
        if (store == "mongodb")
        {
            await ClusterWithMongoAsync();
            return;
        }

        var ports = FreePorts.Take(3);
        using var api = HostProcess.Start("api (embedded)", RepoLayout.ApiDll, new Dictionary<string, string>
        {
            ["PORT"] = ports[0].ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Cluster__SiloPort"] = ports[1].ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Cluster__GatewayPort"] = ports[2].ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ports[0]}") };
        await Eventually.Until("the embedded API to answer", async () => (await client.GetAsync("/api/health")).StatusCode, s => s == HttpStatusCode.OK, TimeSpan.FromSeconds(120));
        using var login = await client.PostAsync("/api/customers/login", ApiFixture.Json("""{"email":"admin@example.com","password":"Admin123!"}"""));
        var admin = (await login.ExpectJsonAsync(HttpStatusCode.OK))["token"]!.GetValue<string>();

        var (customerId, orderId) = await PlaceAndConfirmAsync(client, admin);

        await Eventually.Until("the confirmed order in the records", () => AdminOrdersAsync(client, admin, customerId), o => o.Count == 1 && o[0] == (orderId, "confirmed"));
    }

    /// <summary>Cluster mode with MongoDB: the order is a document in <c>orders</c> and the admin routes find it.</summary>
    private static async Task ClusterWithMongoAsync()
    {
        var uri = Environment.GetEnvironmentVariable("MONGO_URI")!;
        var database = $"cluster-records-{Guid.NewGuid():N}";
        var mongo = new MongoClient(uri);
        try
        {
            await using var cluster = new ProcessCluster(TestRedis.ConnectionString, new Dictionary<string, string>
            {
                ["MONGO_URI"] = uri,
                ["Records__Database"] = database,
            });
            cluster.StartSilo("silo 1");
            cluster.StartSilo("silo 2");
            var (_, client) = cluster.StartApi("api");
            using var _ = client;
            await cluster.WaitForSilosAsync(client, 2);
            var admin = await cluster.AdminTokenAsync(client);
            var (customerId, orderId) = await PlaceAndConfirmAsync(client, admin);

            var orders = mongo.GetDatabase(database).GetCollection<BsonDocument>("orders");
            var document = await Eventually.Until(
                "the confirmed order in MongoDB",
                () => orders.Find(new BsonDocument("_id", orderId)).FirstOrDefaultAsync(),
                d => d is not null && d["version"].ToInt32() == 2,
                TimeSpan.FromSeconds(60));
            Assert.Equal(("Confirmed", BsonType.Decimal128, 24.68m), (document["status"].AsString, document["total"].BsonType, document["total"].AsDecimal));
            Assert.Equal(customerId, document["customerId"].AsString);
            Assert.NotNull(await mongo.GetDatabase(database).GetCollection<BsonDocument>("customers").Find(new BsonDocument("_id", customerId)).FirstOrDefaultAsync());

            Assert.Equal([(orderId, "confirmed")], await AdminOrdersAsync(client, admin, customerId));
        }
        finally
        {
            await mongo.DropDatabaseAsync(database);
        }
    }

    private static async Task<(string CustomerId, string OrderId)> PlaceAndConfirmAsync(HttpClient client, string admin)
    {
        var (customerId, token) = await ProcessCluster.RegisterAsync(client);
        var productId = await ProcessCluster.CreateProductAsync(client, admin, price: 12.34m, stock: 10);
        using var place = new HttpRequestMessage(HttpMethod.Post, "/api/orders") { Content = ApiFixture.Json(OrderApi.Body(customerId, new Line(productId, 2))) };
        place.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var placed = await client.SendAsync(place);
        var orderId = (await placed.ExpectJsonAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
        using var confirm = new HttpRequestMessage(HttpMethod.Patch, $"/api/orders/{orderId}/status") { Content = ApiFixture.Json("""{"status":"confirmed"}""") };
        confirm.Headers.Authorization = new AuthenticationHeaderValue("Bearer", admin);
        using var confirmed = await client.SendAsync(confirm);
        await confirmed.ExpectJsonAsync(HttpStatusCode.OK);
        return (customerId, orderId);
    }

    private static async Task<List<(string Id, string Status)>> AdminOrdersAsync(HttpClient client, string admin, string customerId)
    {
        using var search = new HttpRequestMessage(HttpMethod.Get, $"/api/admin/orders?customerId={customerId}");
        search.Headers.Authorization = new AuthenticationHeaderValue("Bearer", admin);
        using var found = await client.SendAsync(search);
        return [.. (await found.ExpectJsonAsync(HttpStatusCode.OK))["items"]!.AsArray().Select(o => (o!["id"]!.GetValue<string>(), o["status"]!.GetValue<string>()))];
    }
}

using System.Text.Json;
using EcommerceBackend.ClusterHosting;
using EcommerceBackend.Contracts;
using EcommerceBackend.Contracts.Analytics;
using EcommerceBackend.Contracts.Customers;
using EcommerceBackend.Contracts.Events;
using EcommerceBackend.Contracts.Notifications;
using EcommerceBackend.Contracts.Orders;
using EcommerceBackend.Contracts.Products;
using EcommerceBackend.Grains;
using EcommerceBackend.Grains.Analytics;
using EcommerceBackend.Grains.Customers;
using EcommerceBackend.Grains.Events;
using EcommerceBackend.Grains.Notifications;
using EcommerceBackend.Grains.Orders;
using EcommerceBackend.Grains.Products;
using Orleans.Hosting;
using Orleans.Streaming.RabbitMQ.Tests.Infrastructure;
using Orleans.TestingHost;

namespace Orleans.Streaming.RabbitMQ.Tests;

/// <summary>
/// The app's use of the provider: silos configured as in cluster mode (<c>AddRabbitMqEventStreams</c>, the JSON
/// envelope, the original exchanges), with grain state in memory, and a program outside Orleans reading the events.
/// </summary>
public sealed class BridgeTests
{
    [Fact]
    public async Task An_order_placed_through_the_grains_reaches_a_plain_AMQP_consumer_as_the_public_JSON_envelope()
    {
        var serviceId = $"rmq-bridge-tests-{Guid.NewGuid():N}";
        const int QueueCount = 2;
        await using var amqp = await AmqpProbe.ConnectAsync();

        // A program that knows nothing of Orleans binds its own queue to the original exchange.
        await amqp.DeclareExchangeAsync(EventTypes.OrderExchange);
        var ownQueue = await amqp.BindOwnQueueAsync(EventTypes.OrderExchange, "order.*");

        var builder = new TestClusterBuilder(2);
        builder.Options.ServiceId = serviceId;
        builder.Options.ConfigureFileLogging = false;
        builder.Properties["RabbitMQ:ConnectionString"] = TestBroker.ConnectionString;
        builder.Properties["RabbitMQ:SigningKey"] = "test-cluster-events-signing-key-0123456789-abcdef";
        builder.Properties["RabbitMQ:QueueCount"] = QueueCount.ToString(System.Globalization.CultureInfo.InvariantCulture);
        builder.AddSiloBuilderConfigurator<ClusterModeSilo>();
        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync();
            var grains = cluster.Client;

            var email = $"bridge-{Guid.NewGuid():N}@example.com";
            var customer = (await grains.GetGrain<ICustomerEmailGrain>(EmailAddress.Normalize(email)).RegisterAsync(new NewCustomer
            {
                Name = "Grace Hopper",
                Email = email,
                Password = "Correct-Horse-9",
                Phone = "+1 555 0100",
            })).Customer;
            Assert.NotNull(customer);
            var product = await grains.GetGrain<IProductGrain>(EntityId.New()).CreateAsync(new NewProduct
            {
                Name = $"Bridge product {Guid.NewGuid():N}",
                Description = "",
                Price = 12.50m,
                Stock = 5,
                Category = "bridge-tests",
                Images = [],
            });
            Assert.NotNull(product);
            var orderId = EntityId.New();
            var placed = await grains.GetGrain<IOrderGrain>(orderId).PlaceAsync(new PlaceOrder
            {
                CustomerId = customer.Id,
                Items = [new OrderLineRequest { ProductId = product.Id, Quantity = 2 }],
                ShippingAddress = new ShippingAddress { Street = "1 Compiler Way", City = "Arlington", State = "VA", ZipCode = "22201", Country = "US" },
                Actor = customer.Id,
                RequestHash = $"{product.Id}x2",
            });
            Assert.True(placed.Succeeded, $"placing failed: {placed.Failure}");

            // Other test runs may publish on the shared exchange too: this test reads only its own order's events.
            var read = new List<AmqpMessage>();
            var mine = await Eventually.Until("the order.created event in the plain consumer's queue", async () =>
            {
                read.AddRange(await amqp.TakeAllAsync(ownQueue));
                return read.Where(m => Subject(m) == orderId).ToList();
            }, m => m.Count >= 1);

            // At least once: a repeat would carry the same event id.
            var message = mine[0];
            Assert.All(mine, m => Assert.Equal(message.Properties.MessageId, m.Properties.MessageId));
            Assert.Equal(EventTypes.OrderExchange, message.Exchange);
            Assert.Equal(EventTypes.OrderCreated, message.RoutingKey);
            Assert.True(message.Properties.Persistent, "the message is persistent");
            Assert.Equal("application/json", message.Properties.ContentType);

            using var json = JsonDocument.Parse(message.Body);
            var root = json.RootElement;
            var id = root.GetProperty("id").GetString();
            Assert.False(string.IsNullOrEmpty(id));
            Assert.Equal(id, message.Properties.MessageId);
            Assert.Equal(EventTypes.OrderCreated, root.GetProperty("type").GetString());
            Assert.Equal("ecommerce-backend/orders", root.GetProperty("source").GetString());
            Assert.True(root.GetProperty("time").TryGetDateTimeOffset(out var time), "time is an ISO 8601 timestamp");
            Assert.True(time > DateTimeOffset.UtcNow.AddMinutes(-5) && time <= DateTimeOffset.UtcNow.AddMinutes(1), $"time {time:O} is about now");
            Assert.Equal(orderId, root.GetProperty("subject").GetString());
            var order = root.GetProperty("data").GetProperty("order");
            Assert.Equal(orderId, order.GetProperty("id").GetString());
            Assert.Equal(customer.Id, order.GetProperty("customerId").GetString());
            Assert.Equal("pending", order.GetProperty("status").GetString());
            Assert.Equal(25.00m, order.GetProperty("total").GetDecimal());
            var line = Assert.Single(order.GetProperty("items").EnumerateArray().ToList());
            Assert.Equal(product.Id, line.GetProperty("productId").GetString());
            Assert.Equal(2, line.GetProperty("quantity").GetInt32());
            Assert.Equal(customer.Id, root.GetProperty("data").GetProperty("actor").GetString());

            // The app reads its own envelope back, as its silos do when they consume the provider's queues.
            var domainEvent = DomainEventJsonSerializer.FromJson(message.Body);
            Assert.Equal(id, domainEvent.Id);
            Assert.Equal(orderId, Assert.IsType<OrderEventData>(domainEvent.Data).Order.Id);

            // And the cluster consumed and acknowledged its own copy: its queues end empty.
            var queues = Enumerable.Range(0, QueueCount).Select(i => $"{serviceId}.{StreamProviders.Events}.{i}").ToList();
            foreach (var queue in queues)
            {
                await Eventually.Until($"{queue} drained", () => amqp.QueueStateAsync(queue), s => s is { MessageCount: 0, ConsumerCount: 1 });
            }

            Assert.Equal(0u, (await amqp.QueueStateAsync($"{serviceId}.{StreamProviders.Events}.dead-letter"))?.MessageCount);
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
            var prefix = $"{serviceId}.{StreamProviders.Events}";
            await amqp.DeleteAsync(
                [.. Enumerable.Range(0, QueueCount).Select(i => $"{prefix}.{i}"), $"{prefix}.dead-letter"],
                [$"{prefix}.partitions"]);
        }
    }

    [Fact]
    public async Task A_forged_order_event_from_outside_the_cluster_is_dead_lettered_and_changes_nothing()
    {
        var serviceId = $"rmq-forgery-tests-{Guid.NewGuid():N}";
        const int QueueCount = 2;
        var prefix = $"{serviceId}.{StreamProviders.Events}";
        await using var amqp = await AmqpProbe.ConnectAsync();
        var builder = new TestClusterBuilder(2);
        builder.Options.ServiceId = serviceId;
        builder.Options.ConfigureFileLogging = false;
        builder.Properties["RabbitMQ:ConnectionString"] = TestBroker.ConnectionString;
        builder.Properties["RabbitMQ:SigningKey"] = "test-cluster-events-signing-key-0123456789-abcdef";
        builder.Properties["RabbitMQ:QueueCount"] = QueueCount.ToString(System.Globalization.CultureInfo.InvariantCulture);
        builder.AddSiloBuilderConfigurator<ClusterModeSilo>();
        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync();
            var grains = cluster.Client;

            // A well-formed order.created for a made-up order, with the partition header that routes it to the cluster's
            // queues: once unsigned, once signed with a key the cluster does not hold.
            var customerId = EntityId.New();
            var forgeries = new List<string>();
            foreach (var signature in new string?[] { null, new MessageSignature("a-key-the-cluster-does-not-hold-0123456789").Sign(EventTypes.OrderExchange, EventTypes.OrderCreated, "x", [1]) })
            {
                var forged = ForgedOrderCreated(customerId);
                forgeries.Add(forged.Id);
                var headers = new Dictionary<string, object?> { ["x-orleans-partition"] = "0" };
                if (signature is not null)
                {
                    headers[MessageSignature.Header] = signature;
                }

                await amqp.PublishRawAsync(EventTypes.OrderExchange, EventTypes.OrderCreated, DomainEventJsonSerializer.ToJson(forged), headers, "application/json");
            }

            var deadLetters = new List<AmqpMessage>();
            await Eventually.Until("both forgeries in the dead-letter queue", async () =>
            {
                deadLetters.AddRange(await amqp.TakeAllAsync($"{prefix}.dead-letter"));
                return deadLetters;
            }, d => d.Count >= 2);
            Assert.All(deadLetters, d => Assert.Equal("unauthenticated", d.Header("x-orleans-failure")));
            Assert.Equal(forgeries.Order(), deadLetters.Select(d => DomainEventJsonSerializer.FromJson(d.Body).Id).Order());

            // A genuine order goes through the same queues and is counted; the forged ones are not.
            var genuine = await PlaceGenuineOrderAsync(grains);
            await Eventually.Until(
                "the genuine order in the analytics",
                () => grains.GetGrain<IAnalyticsGrain>(AnalyticsGrainKeys.Global).GetSummaryAsync(),
                summary => summary.TotalOrders >= 1);
            await Eventually.Until(
                "the genuine order's notification",
                () => grains.GetGrain<INotificationInboxGrain>(genuine.CustomerId).GetUnreadCountAsync(),
                count => count >= 1);
            var summary = await grains.GetGrain<IAnalyticsGrain>(AnalyticsGrainKeys.Global).GetSummaryAsync();
            Assert.Equal((1, genuine.Total), (summary.TotalOrders, summary.Revenue));
            Assert.Equal(0, await grains.GetGrain<INotificationInboxGrain>(customerId).GetUnreadCountAsync());
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
            await amqp.DeleteAsync(
                [.. Enumerable.Range(0, QueueCount).Select(i => $"{prefix}.{i}"), $"{prefix}.dead-letter"],
                [$"{prefix}.partitions"]);
        }
    }

    private static DomainEvent ForgedOrderCreated(string customerId)
    {
        var now = DateTimeOffset.UtcNow;
        var order = new OrderDetails
        {
            Id = EntityId.New(),
            CustomerId = customerId,
            Items = [new OrderLine { ProductId = EntityId.New(), Name = "Forged", UnitPrice = 10.25m, Quantity = 1 }],
            ShippingAddress = new ShippingAddress { Street = "1 Nowhere", City = "Nowhere", State = "NA", ZipCode = "00000", Country = "XX" },
            Status = OrderStatus.Pending,
            Total = 10.25m,
            CreatedAt = now,
            UpdatedAt = now,
            History = [new OrderStatusChange { Status = OrderStatus.Pending, At = now, Actor = customerId }],
        };
        return new DomainEvent
        {
            Id = EntityId.New(),
            Type = EventTypes.OrderCreated,
            Source = "ecommerce-backend/orders",
            Time = now,
            Subject = order.Id,
            Data = new OrderEventData { Order = order, Actor = customerId },
        };
    }

    private static async Task<OrderDetails> PlaceGenuineOrderAsync(IGrainFactory grains)
    {
        var email = $"genuine-{Guid.NewGuid():N}@example.com";
        var customer = (await grains.GetGrain<ICustomerEmailGrain>(EmailAddress.Normalize(email)).RegisterAsync(new NewCustomer
        {
            Name = "Ada Lovelace",
            Email = email,
            Password = "Correct-Horse-9",
            Phone = "+44 20 7946 0000",
        })).Customer!;
        var product = await grains.GetGrain<IProductGrain>(EntityId.New()).CreateAsync(new NewProduct
        {
            Name = $"Genuine product {Guid.NewGuid():N}",
            Price = 7.5m,
            Stock = 100,
            Category = "bridge-tests",
        });
        var placed = await grains.GetGrain<IOrderGrain>(EntityId.New()).PlaceAsync(new PlaceOrder
        {
            CustomerId = customer.Id,
            Items = [new OrderLineRequest { ProductId = product!.Id, Quantity = 2 }],
            ShippingAddress = new ShippingAddress { Street = "1 Analytical Row", City = "London", State = "LDN", ZipCode = "N1", Country = "UK" },
            Actor = customer.Id,
            RequestHash = $"{product.Id}x2",
        });
        Assert.True(placed.Succeeded, $"placing failed: {placed.Failure}");
        return placed.Order!;
    }

    private static string? Subject(AmqpMessage message)
    {
        try
        {
            using var json = JsonDocument.Parse(message.Body);
            return json.RootElement.TryGetProperty("subject", out var subject) ? subject.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// A silo as <c>AddEcommerceSilo</c> makes one in cluster mode, less its clustering (the test cluster brings its
    /// own): the RabbitMQ event streams from the <c>RabbitMQ</c> section, memory grain state, and the grains' services.
    /// </summary>
    public sealed class ClusterModeSilo : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            var configuration = siloBuilder.Configuration;
            siloBuilder.AddRabbitMqEventStreams(configuration);
            foreach (var name in StorageNames.All)
            {
                siloBuilder.AddMemoryGrainStorage(name);
            }

            siloBuilder.AddEcommerceGrainServices(configuration, memoryStreams: false);
        }
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using EcommerceBackend.Api.Tests.Infrastructure;
using EcommerceBackend.Api.Tests.Orders;
using EcommerceBackend.Api.Tests.RunModes;
using EcommerceBackend.ClusterHosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Trace;
using Orleans.Streaming.RabbitMQ;
using Orleans.Streaming.RabbitMQ.Tests.Infrastructure;

namespace EcommerceBackend.Api.Tests.Telemetry;

/// <summary>
/// Cluster mode in one process (a silo host and an API node that is an Orleans client, over Redis and RabbitMQ),
/// recorded by OpenTelemetry's in-memory exporter: an order placed through the API makes one trace that runs
/// through the order grain, the publish to RabbitMQ and the alert consumer grain that read it from the broker.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class TraceAcrossBrokerTests : IAsyncLifetime
{
    private const string JwtSecret = "trace-tests-signing-secret-0123456789-abcdefghijklmnop";
    private const string AdminPassword = "Trace-Adm1n-Passw0rd";

    private readonly string _run = $"trace{Guid.NewGuid():N}";
    private readonly SpanLog _spans = new();
    private IHost? _silo;
    private WebApplicationFactory<Program>? _api;

    private string AdminEmail => $"admin-{_run}@tests.example";

    public async Task InitializeAsync()
    {
        var ports = FreePorts.Take(2);
        var cluster = new Dictionary<string, string?>
        {
            ["Cluster:ClusterId"] = $"{_run}-cluster",
            ["Cluster:ServiceId"] = $"{_run}-service",
            ["Cluster:AdvertisedAddress"] = "127.0.0.1",
            ["Cluster:SiloPort"] = ports[0].ToString(CultureInfo.InvariantCulture),
            ["Cluster:GatewayPort"] = ports[1].ToString(CultureInfo.InvariantCulture),
            ["Redis:ConnectionString"] = TestRedis.ConnectionString,
            ["RabbitMQ:ConnectionString"] = TestRabbitMq.ConnectionString,
            ["RabbitMQ:SigningKey"] = "trace-tests-events-key-0123456789-abcdefghij",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Orleans"] = "Error",
        };

        // The silo records nothing itself: the API's tracer provider listens to every source of this process.
        var silo = Host.CreateApplicationBuilder();
        silo.Configuration.AddInMemoryCollection(cluster);
        silo.UseOrleans(s => s.AddEcommerceSilo(silo.Configuration, HostingMode.Cluster));
        _silo = silo.Build();
        await _silo.StartAsync();

        _api = new ApiFactory(new Dictionary<string, string?>(cluster)
        {
            ["Cluster:Mode"] = "Cluster",
            ["Telemetry:Enabled"] = "true",
            ["Jwt:Secret"] = JwtSecret,
            ["Admin:Email"] = AdminEmail,
            ["Admin:Password"] = AdminPassword,
            ["RateLimit:MaxRequests"] = "0",
            ["RateLimit:LoginPermitLimit"] = ApiFixture.Unlimited,
            ["RateLimit:LoginFailuresBeforeDelay"] = ApiFixture.Unlimited,
        }, _spans);
        _ = _api.Server;
    }

    public async Task DisposeAsync()
    {
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }

        if (_silo is not null)
        {
            await _silo.StopAsync();
            _silo.Dispose();
        }

        using var redis = await TestRedis.ConnectAsync();
        await TestRedis.DeleteKeysContainingAsync(redis, _run);
    }

    [Fact]
    public async Task One_trace_runs_from_the_order_request_through_the_order_grain_and_RabbitMQ_into_the_alert_consumer()
    {
        using var client = _api!.CreateClient();
        var adminToken = await LoginAsync(client, AdminEmail, AdminPassword);
        var productId = await CreateProductAsync(client, adminToken);
        var (customerId, customerToken) = await RegisterAsync(client);

        // The test is the caller: its traceparent names the trace that every span below must belong to.
        var traceId = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders") { Content = ApiFixture.Json(OrderApi.Body(customerId, new Line(productId, 1))) };
        request.Headers.Authorization = new("Bearer", customerToken);
        request.Headers.TryAddWithoutValidation("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        using var response = await client.SendAsync(request);
        var orderId = (await response.ExpectJsonAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();

        var consumer = await Eventually.Until(
            $"the alert consumer's span for order {orderId} in trace {traceId}",
            () => _spans.Snapshot().FirstOrDefault(a => a.Source.Name == RabbitMqTelemetry.Name
                && a.Kind == ActivityKind.Consumer
                && (string?)a.GetTagItem("messaging.consumer.group.name") == "AlertConsumerGrain"
                && (string?)a.GetTagItem("messaging.destination.name") == "order.created"
                && a.TraceId == traceId),
            span => span is not null,
            TimeSpan.FromSeconds(60));

        var trace = _spans.Snapshot().Where(a => a.TraceId == traceId).ToList();
        var server = Assert.Single(trace, a => a.Source.Name == "Microsoft.AspNetCore" && a.Kind == ActivityKind.Server);
        var orderGrain = Assert.Single(trace, a => a.Kind == ActivityKind.Server && ((string?)a.GetTagItem("rpc.method"))?.EndsWith("IOrderGrain/PlaceAsync", StringComparison.Ordinal) == true);
        var publish = Assert.Single(trace, a => a.Source.Name == RabbitMqTelemetry.Name && a.Kind == ActivityKind.Producer
            && (string?)a.GetTagItem("messaging.rabbitmq.destination.routing_key") == "order.created");

        // The chain, each span under the one before: request → (client call) → order grain → publish → consumer.
        Assert.True(IsUnder(orderGrain, server, trace), $"The order grain's span is not under the request's. The trace:\n{Describe(trace)}");
        Assert.True(IsUnder(publish, orderGrain, trace), $"The publish span is not under the order grain's. The trace:\n{Describe(trace)}");
        Assert.True(publish.SpanId == consumer!.ParentSpanId, $"The consumer's span is not under the publish span. The trace:\n{Describe(trace)}");
    }

    private static string Describe(List<Activity> trace) =>
        string.Join("\n", trace.Select(a => $"{a.Source.Name} {a.Kind} {a.DisplayName} {a.SpanId} <- {a.ParentSpanId}"));

    private static bool IsUnder(Activity span, Activity ancestor, List<Activity> trace)
    {
        for (var parent = span.ParentSpanId; parent != default;)
        {
            if (parent == ancestor.SpanId)
            {
                return true;
            }

            parent = trace.FirstOrDefault(a => a.SpanId == parent)?.ParentSpanId ?? default;
        }

        return false;
    }

    private static async Task<string> LoginAsync(HttpClient client, string email, string password)
    {
        using var response = await client.PostAsync("/api/customers/login", ApiFixture.Json(new JsonObject { ["email"] = email, ["password"] = password }));
        return (await response.ExpectJsonAsync(HttpStatusCode.OK))["token"]!.GetValue<string>();
    }

    private static async Task<(string Id, string Token)> RegisterAsync(HttpClient client)
    {
        using var response = await client.PostAsync("/api/customers/register", ApiFixture.Json(new JsonObject
        {
            ["name"] = "Traced Customer",
            ["email"] = ApiFixture.UniqueEmail(),
            ["password"] = ApiFixture.CustomerPassword,
            ["phone"] = "+1 555 0100",
        }));
        var body = await response.ExpectJsonAsync(HttpStatusCode.Created);
        return (body["customer"]!["id"]!.GetValue<string>(), body["token"]!.GetValue<string>());
    }

    private static async Task<string> CreateProductAsync(HttpClient client, string adminToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/products")
        {
            Content = ApiFixture.Json(new JsonObject
            {
                ["name"] = $"Traced product {Guid.NewGuid():N}",
                ["description"] = "A product made by the tracing test.",
                ["price"] = 9.5m,
                ["stock"] = 5,
                ["category"] = ApiFixture.UniqueCategory(),
                ["images"] = new JsonArray("https://images.example/product.png"),
            }),
        };
        request.Headers.Authorization = new("Bearer", adminToken);
        using var response = await client.SendAsync(request);
        return (await response.ExpectJsonAsync(HttpStatusCode.Created))["id"]!.GetValue<string>();
    }

    private sealed class ApiFactory(IReadOnlyDictionary<string, string?> settings, SpanLog spans) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment(Environments.Production);
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }

            builder.ConfigureServices(s => s.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spans)));
        }
    }

    /// <summary>The finished spans, written by the exporter while the test reads them.</summary>
    private sealed class SpanLog : ICollection<Activity>
    {
        private readonly List<Activity> _items = [];

        public int Count
        {
            get
            {
                lock (_items)
                {
                    return _items.Count;
                }
            }
        }

        public bool IsReadOnly => false;

        public Activity[] Snapshot()
        {
            lock (_items)
            {
                return [.. _items];
            }
        }

        public void Add(Activity item)
        {
            lock (_items)
            {
                _items.Add(item);
            }
        }

        public void Clear()
        {
            lock (_items)
            {
                _items.Clear();
            }
        }

        public bool Contains(Activity item) => Snapshot().Contains(item);

        public void CopyTo(Activity[] array, int arrayIndex) => Snapshot().CopyTo(array, arrayIndex);

        public bool Remove(Activity item)
        {
            lock (_items)
            {
                return _items.Remove(item);
            }
        }

        public IEnumerator<Activity> GetEnumerator() => ((IEnumerable<Activity>)Snapshot()).GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}

using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using EcommerceBackend.Api.Tests.Infrastructure;
using EcommerceBackend.Api.Tests.Orders;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace EcommerceBackend.Api.Tests.Live;

/// <summary>The SignalR hubs: who hears what, and that an unauthenticated connection is refused.</summary>
[Collection(ApiCollection.Name)]
public sealed class LiveUpdatesTests(ApiFixture app) : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private readonly HubClients _hubs = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _hubs.DisposeAsync().AsTask();

    [Theory]
    [InlineData("orders")]
    [InlineData("alerts")]
    [InlineData("analytics")]
    public async Task A_connection_without_a_token_is_refused(string hub)
    {
        var connection = Connect(hub, token: null, negotiate: true);
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
    }

    [Fact]
    public async Task A_connection_with_a_forged_token_is_refused()
    {
        var connection = Connect("orders", TestTokens.Create(subject: "000000000000000000000000", role: "admin", secret: "another-secret-that-is-long-enough-0123456789"), negotiate: true);
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
    }

    [Fact]
    public async Task The_analytics_hub_refuses_a_customer()
    {
        var customer = await app.RegisterCustomerAsync();
        var connection = Connect("analytics", customer.Token, negotiate: true);
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync());
        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
    }

    [Fact]
    public async Task A_customer_hears_about_their_own_orders_and_never_about_another_customers()
    {
        var (alice, bob) = (await app.RegisterCustomerAsync(), await app.RegisterCustomerAsync());
        var aliceHub = await StartAsync("orders", alice.Token, "order");
        var bobHub = await StartAsync("orders", bob.Token, "order");
        var product = await app.NewProductAsync(stock: 10);

        var aliceOrder = OrderApi.Id(await app.PlaceAsync(alice, new Line(product, 1)));
        var bobOrder = OrderApi.Id(await app.PlaceAsync(bob, new Line(product, 1)));

        var heardByAlice = await aliceHub.WaitForAsync(m => Subject(m) == aliceOrder);
        var heardByBob = await bobHub.WaitForAsync(m => Subject(m) == bobOrder);
        Assert.Equal("order.created", heardByAlice.GetProperty("type").GetString());
        Assert.Equal("pending", heardByAlice.GetProperty("data").GetProperty("status").GetString());
        Assert.Equal("order.created", heardByBob.GetProperty("type").GetString());
        // Each has heard their own order by now; the other's, placed in between, must not be among them.
        Assert.DoesNotContain(aliceHub.Messages, m => Subject(m) == bobOrder);
        Assert.DoesNotContain(bobHub.Messages, m => Subject(m) == aliceOrder);
    }

    [Fact]
    public async Task An_admin_hears_every_customers_order_and_each_status_change()
    {
        var admin = await StartAsync("orders", await app.AdminTokenAsync(), "order");
        var customer = await app.RegisterCustomerAsync();
        var orderId = OrderApi.Id(await app.PlaceAsync(customer, new Line(await app.NewProductAsync(stock: 5), 1)));
        await app.WalkAsync(orderId, "confirmed", "shipped");

        await admin.WaitForAsync(m => Subject(m) == orderId && Type(m) == "order.created");
        var shipped = await admin.WaitForAsync(m => Subject(m) == orderId && Type(m) == "order.updated"
            && m.GetProperty("data").GetProperty("status").GetString() == "shipped");
        Assert.Equal(orderId, shipped.GetProperty("data").GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_customer_hears_their_own_notifications_on_the_alerts_hub()
    {
        var (alice, bob) = (await app.RegisterCustomerAsync(), await app.RegisterCustomerAsync());
        var aliceHub = await StartAsync("alerts", alice.Token, "alert");
        var bobHub = await StartAsync("alerts", bob.Token, "alert");
        var product = await app.NewProductAsync(stock: 10);

        var aliceOrder = OrderApi.Id(await app.PlaceAsync(alice, new Line(product, 1)));
        var bobOrder = OrderApi.Id(await app.PlaceAsync(bob, new Line(product, 1)));

        var alert = await aliceHub.WaitForAsync(m => About(m) == aliceOrder);
        await bobHub.WaitForAsync(m => About(m) == bobOrder);
        Assert.Equal("alert.sent", alert.GetProperty("type").GetString());
        Assert.Equal(alice.Id, alert.GetProperty("data").GetProperty("recipient").GetString());
        Assert.DoesNotContain(aliceHub.Messages, m => About(m) == bobOrder);
        Assert.DoesNotContain(bobHub.Messages, m => About(m) == aliceOrder);
    }

    private static string? Subject(JsonElement message) => message.GetProperty("subject").GetString();

    private static string? Type(JsonElement message) => message.GetProperty("type").GetString();

    private static string? About(JsonElement message) => message.GetProperty("data").GetProperty("about").GetString();

    private HubConnection Connect(string hub, string? token, bool negotiate = false) =>
        _hubs.Connect(new Uri(app.BaseAddress, $"/hubs/{hub}"), token, negotiate);

    private async Task<Listener> StartAsync(string hub, string token, string method)
    {
        var connection = Connect(hub, token);
        var listener = new Listener();
        connection.On<JsonElement>(method, listener.Add);
        await connection.StartAsync();
        return listener;
    }

    /// <summary>Collects what a connection hears and lets a test wait, with a deadline, for a message.</summary>
    private sealed class Listener
    {
        private readonly ConcurrentQueue<JsonElement> _messages = new();
        private readonly SemaphoreSlim _arrived = new(0);

        public IReadOnlyCollection<JsonElement> Messages => _messages;

        public void Add(JsonElement message)
        {
            _messages.Enqueue(message.Clone());
            _arrived.Release();
        }

        public async Task<JsonElement> WaitForAsync(Func<JsonElement, bool> match)
        {
            var deadline = DateTime.UtcNow + Deadline;
            while (true)
            {
                var found = _messages.FirstOrDefault(match);
                if (found.ValueKind != JsonValueKind.Undefined)
                {
                    return found;
                }

                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero || !await _arrived.WaitAsync(left))
                {
                    throw new TimeoutException($"No matching message within {Deadline}; heard {_messages.Count}.");
                }
            }
        }
    }
}

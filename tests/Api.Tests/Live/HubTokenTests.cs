using System.Collections.Concurrent;
using System.Text.Json;
using EcommerceBackend.Api.Tests.Infrastructure;
using EcommerceBackend.Api.Tests.Orders;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace EcommerceBackend.Api.Tests.Live;

/// <summary>
/// A hub connection is worth no more than the token it was opened with: the server closes it when the token expires,
/// on every transport.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class HubTokenTests(ApiFixture app) : IAsyncDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    /// <summary>Long enough to open the connection and hear one order on a busy machine.</summary>
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromSeconds(8);

    /// <summary>
    /// How late after the token's exp the close may come: the server checks once a second. Far below the 30 s of clock
    /// skew the bearer handler grants at validation, which is what a long poll would otherwise get.
    /// </summary>
    private static readonly TimeSpan CloseMargin = TimeSpan.FromSeconds(10);

    private readonly HubClients _hubs = new();

    public ValueTask DisposeAsync() => _hubs.DisposeAsync();

    [Theory]
    [InlineData(HttpTransportType.WebSockets)]
    [InlineData(HttpTransportType.ServerSentEvents)]
    [InlineData(HttpTransportType.LongPolling)]
    public async Task The_server_closes_a_connection_when_its_token_expires_and_it_hears_nothing_after(HttpTransportType transport)
    {
        var customer = await app.RegisterCustomerAsync();
        var product = await app.NewProductAsync(stock: 10);
        // The same customer with a token valid for an hour: hears what the expired connection would have.
        var control = await ListenAsync(customer.Token, HttpTransportType.WebSockets);
        var shortToken = TestTokens.Create(customer.Id, "customer", expires: DateTime.UtcNow + TokenLifetime);
        var expiry = TestTokens.Read(shortToken).ValidTo;
        var expiring = await ListenAsync(shortToken, transport);

        var before = OrderApi.Id(await app.PlaceAsync(customer, new Line(product, 1)));
        await expiring.WaitForAsync(before);

        var closedAt = await expiring.ClosedAsync(expiry + CloseMargin);
        Assert.InRange(closedAt, expiry, expiry + CloseMargin);
        Assert.Equal(HubConnectionState.Disconnected, expiring.Connection.State);

        var after = OrderApi.Id(await app.PlaceAsync(customer, new Line(product, 1)));
        await control.WaitForAsync(after);
        Assert.DoesNotContain(after, expiring.Heard);
        Assert.Equal(HubConnectionState.Connected, control.Connection.State);
    }

    private async Task<Listener> ListenAsync(string token, HttpTransportType transport)
    {
        var connection = _hubs.Connect(new Uri(app.BaseAddress, "/hubs/orders"), token, negotiate: true, transport: transport);
        var listener = new Listener(connection);
        await connection.StartAsync();
        return listener;
    }

    /// <summary>The orders a connection heard (by order id), and when it was closed.</summary>
    private sealed class Listener
    {
        private readonly ConcurrentQueue<string> _heard = new();
        private readonly SemaphoreSlim _arrived = new(0);
        private readonly TaskCompletionSource<DateTime> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Listener(HubConnection connection)
        {
            Connection = connection;
            connection.On<JsonElement>("order", message =>
            {
                _heard.Enqueue(message.GetProperty("subject").GetString()!);
                _arrived.Release();
            });
            connection.Closed += _ =>
            {
                _closed.TrySetResult(DateTime.UtcNow);
                return Task.CompletedTask;
            };
        }

        public HubConnection Connection { get; }

        public IReadOnlyCollection<string> Heard => _heard;

        public async Task WaitForAsync(string orderId)
        {
            var deadline = DateTime.UtcNow + Deadline;
            while (!_heard.Contains(orderId))
            {
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero || !await _arrived.WaitAsync(left))
                {
                    Assert.Fail($"Order {orderId} was not heard within {Deadline.TotalSeconds:0} s; heard {_heard.Count}.");
                }
            }
        }

        /// <summary>When the connection was closed; fails when it is still open at <paramref name="latest"/>.</summary>
        public async Task<DateTime> ClosedAsync(DateTime latest)
        {
            try
            {
                return await _closed.Task.WaitAsync(latest - DateTime.UtcNow + TimeSpan.FromSeconds(1));
            }
            catch (TimeoutException)
            {
                Assert.Fail($"The connection was still open at {latest:HH:mm:ss}, after its token expired.");
                throw;
            }
        }
    }
}

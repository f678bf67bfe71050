using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EcommerceBackend.Api.Tests.Infrastructure;
using EcommerceBackend.Api.Tests.Orders;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace EcommerceBackend.Api.Tests.Live;

/// <summary>
/// A hub connection is worth no more than the token it was opened with: the server closes it when the token expires,
/// on every transport, and its connection token works only for the user who negotiated it.
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

    private const char RecordSeparator = '\u001e';

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

    [Fact]
    public async Task A_long_polling_connection_token_is_refused_to_another_user_who_hears_nothing_while_its_owner_keeps_hearing()
    {
        var (alice, bob) = (await app.RegisterCustomerAsync(), await app.RegisterCustomerAsync());
        var product = await app.NewProductAsync(stock: 10);
        using var aliceClient = app.CreateClient(alice.Token);
        using var bobClient = app.CreateClient(bob.Token);
        var connection = await OpenLongPollingAsync(aliceClient);

        var order = OrderApi.Id(await app.PlaceAsync(alice, new Line(product, 1)));

        using var bobPoll = await bobClient.GetAsync(Connection(connection));
        var bobHeard = await bobPoll.Content.ReadAsStringAsync();
        using var bobSend = await bobClient.PostAsync(Connection(connection), Record("""{"type":6}"""));
        using var bobClose = await bobClient.DeleteAsync(Connection(connection));
        Assert.Equal(HttpStatusCode.NotFound, bobPoll.StatusCode);
        Assert.DoesNotContain(order, bobHeard, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, bobSend.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, bobClose.StatusCode);

        // Alice polls on with another token of her own, as a client that renews its token does.
        using var aliceRenewed = app.CreateClient(TestTokens.Create(alice.Id, "customer"));
        var heard = await PollUntilAsync(aliceRenewed, connection, text => text.Contains(order, StringComparison.Ordinal));
        Assert.Contains("\"order.created\"", heard, StringComparison.Ordinal);
    }

    /// <summary>Negotiates a long-polling connection to <c>/hubs/orders</c> and does the handshake; returns its connection token.</summary>
    private static async Task<string> OpenLongPollingAsync(HttpClient client)
    {
        using var negotiate = await client.PostAsync("/hubs/orders/negotiate?negotiateVersion=1", content: null);
        var negotiation = await negotiate.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Contains(negotiation["availableTransports"]!.AsArray(), t => t!["transport"]!.GetValue<string>() == "LongPolling");
        var token = negotiation["connectionToken"]!.GetValue<string>();

        using var handshake = await client.PostAsync(Connection(token), Record("""{"protocol":"json","version":1}"""));
        Assert.Equal(HttpStatusCode.OK, handshake.StatusCode);
        var answer = await PollUntilAsync(client, token, text => text.Length > 0);
        Assert.StartsWith("{}" + RecordSeparator, answer, StringComparison.Ordinal);
        return token;
    }

    /// <summary>Polls the connection until what came back matches, within the deadline; returns all that came back.</summary>
    private static async Task<string> PollUntilAsync(HttpClient client, string connection, Func<string, bool> match)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        var heard = new StringBuilder();
        while (!match(heard.ToString()))
        {
            using var poll = await client.GetAsync(Connection(connection), deadline.Token);
            Assert.Equal(HttpStatusCode.OK, poll.StatusCode);
            heard.Append(await poll.Content.ReadAsStringAsync(deadline.Token));
        }

        return heard.ToString();
    }

    private static string Connection(string token) => $"/hubs/orders?id={Uri.EscapeDataString(token)}";

    private static StringContent Record(string json) => new(json + RecordSeparator, Encoding.UTF8, "text/plain");

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

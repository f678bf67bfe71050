using System.Net;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace EcommerceBackend.Api.Tests.Infrastructure;

/// <summary>The SignalR connections a test opens, disposed with it.</summary>
public sealed class HubClients : IAsyncDisposable
{
    private readonly List<HubConnection> _connections = [];

    /// <summary>
    /// A connection to the hub at <paramref name="url"/> over WebSockets, the token (if any) in the query as browsers
    /// send it. <paramref name="negotiate"/> first asks the hub over plain HTTP, where a refusal comes back as a status code.
    /// <paramref name="cookies"/> keeps what a balancer sets (its affinity cookie); <paramref name="reconnect"/> turns on
    /// automatic reconnection with that policy. Another <paramref name="transport"/> than WebSockets needs negotiation.
    /// </summary>
    public HubConnection Connect(
        Uri url, string? token, bool negotiate = false, CookieContainer? cookies = null, IRetryPolicy? reconnect = null,
        HttpTransportType transport = HttpTransportType.WebSockets)
    {
        var builder = new HubConnectionBuilder()
            .WithUrl(url, o =>
            {
                o.Transports = transport;
                o.SkipNegotiation = !negotiate && transport == HttpTransportType.WebSockets;
                if (token is not null)
                {
                    o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                }

                if (cookies is not null)
                {
                    o.Cookies = cookies;
                }
            });
        if (reconnect is not null)
        {
            builder.WithAutomaticReconnect(reconnect);
        }

        var connection = builder.Build();
        _connections.Add(connection);
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }
    }
}

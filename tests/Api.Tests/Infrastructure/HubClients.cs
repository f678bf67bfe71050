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
    /// </summary>
    public HubConnection Connect(Uri url, string? token, bool negotiate = false)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(url, o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = !negotiate;
                if (token is not null)
                {
                    o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                }
            })
            .Build();
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

using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using EcommerceBackend.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace EcommerceBackend.Api.Tests.RunModes.Scaling;

/// <summary>
/// A customer's SignalR connection to <c>/hubs/orders</c> through the balancer, as a browser holds it: negotiation
/// first, the balancer's affinity cookie kept, automatic reconnection. Records the orders it heard were created.
/// </summary>
internal sealed class LiveListener
{
    public const string AffinityCookie = ".EcommerceBackend.Node";

    private readonly Uri _hub;
    private readonly CookieContainer _cookies = new();
    private readonly ConcurrentDictionary<string, bool> _created = new(StringComparer.Ordinal);
    private int _reconnects;

    private LiveListener(LoadCustomer customer, Uri hub)
    {
        Customer = customer;
        _hub = hub;
    }

    public LoadCustomer Customer { get; }

    public HubConnection Connection { get; private set; } = null!;

    /// <summary>The balancer's affinity cookie: which API node the connection was sent to (the same value, the same node).</summary>
    public string? Node => _cookies.GetCookies(_hub)[AffinityCookie]?.Value;

    /// <summary>How often the connection came back after losing its node.</summary>
    public int Reconnects => Volatile.Read(ref _reconnects);

    /// <summary>The order ids this client heard an <c>order.created</c> of.</summary>
    public ICollection<string> Created => _created.Keys;

    public static async Task<LiveListener> ConnectAsync(HubClients hubs, LoadCustomer customer, Uri hub)
    {
        var listener = new LiveListener(customer, hub);
        var connection = hubs.Connect(hub, customer.Token, negotiate: true, listener._cookies, new SteadyRetry());
        connection.On<JsonElement>("order", message =>
        {
            if (message.GetProperty("type").GetString() == "order.created")
            {
                listener._created[message.GetProperty("subject").GetString()!] = true;
            }
        });
        connection.Reconnected += _ =>
        {
            Interlocked.Increment(ref listener._reconnects);
            return Task.CompletedTask;
        };
        listener.Connection = connection;
        await connection.StartAsync();
        return listener;
    }

    /// <summary>Tries again every quarter second for a minute, so a client finds the remaining node soon after its own left.</summary>
    private sealed class SteadyRetry : IRetryPolicy
    {
        public TimeSpan? NextRetryDelay(RetryContext retryContext) =>
            retryContext.ElapsedTime < TimeSpan.FromMinutes(1) ? TimeSpan.FromMilliseconds(250) : null;
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using EcommerceBackend.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit.Abstractions;

namespace EcommerceBackend.Api.Tests.Hostile;

/// <summary>
/// Every hub refuses every broken token the way a browser or the SignalR client sends it — negotiation, a WebSocket with
/// the token in the query, a WebSocket with the Authorization header — with 401 (403 for a customer on the analytics hub),
/// at once: never a 5xx, a dropped connection or a connection left hanging.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class HostileHubTests(ApiFixture app, ITestOutputHelper output) : IAsyncDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private static readonly string[] Hubs = ["orders", "alerts", "analytics"];
    private readonly HubClients _hubs = new();

    [Fact]
    public async Task Hubs_refuse_forged_expired_subjectless_and_unsigned_tokens_with_401_over_negotiation_and_websockets()
    {
        var victim = await app.RegisterCustomerAsync();
        var attacker = await app.RegisterCustomerAsync();
        var tokens = new HostileTokens(await app.AdminTokenAsync(), victim, attacker);
        var failures = new List<string>();
        var attempts = 0;
        var clock = Stopwatch.StartNew();

        foreach (var hub in Hubs)
        {
            var url = new Uri(app.BaseAddress, $"/hubs/{hub}");
            foreach (var auth in HostileTokens.Refused)
            {
                await Expect(HttpStatusCode.Unauthorized, $"{hub} negotiate {auth}", () => NegotiateAsync(url, tokens.BearerText(auth)));
                // A 12 KB token does not fit in Kestrel's 8 KB request line: refused there, before any hub code.
                var inQuery = auth == Auth.Huge ? HttpStatusCode.RequestUriTooLong : HttpStatusCode.Unauthorized;
                await Expect(inQuery, $"{hub} websocket query {auth}", () => WebSocketAsync(url, queryToken: tokens.BearerText(auth), header: null));
                await Expect(HttpStatusCode.Unauthorized, $"{hub} websocket header {auth}", () => WebSocketAsync(url, queryToken: null, header: tokens.Header(auth)));
            }
        }

        var analytics = new Uri(app.BaseAddress, "/hubs/analytics");
        await Expect(HttpStatusCode.Forbidden, "analytics negotiate customer", () => NegotiateAsync(analytics, attacker.Token));
        await Expect(HttpStatusCode.Forbidden, "analytics websocket customer", () => WebSocketAsync(analytics, attacker.Token, header: null));

        var line = $"hostile hubs: {attempts} connection attempts in {clock.Elapsed.TotalSeconds:0.0} s, {failures.Count} failures";
        output.WriteLine(line);
        Console.WriteLine(line);
        Assert.True(failures.Count == 0, string.Join("\n", failures));

        async Task Expect(HttpStatusCode expected, string what, Func<Task<HttpStatusCode?>> attempt)
        {
            attempts++;
            try
            {
                var status = await attempt().WaitAsync(Deadline);
                if (status != expected)
                {
                    failures.Add($"{what}: expected {(int)expected}, got {(status is { } s ? ((int)s).ToString(System.Globalization.CultureInfo.InvariantCulture) : "a connection")}");
                }
            }
            catch (TimeoutException)
            {
                failures.Add($"{what}: no answer within {Deadline.TotalSeconds:0} s");
            }
        }
    }

    public ValueTask DisposeAsync() => _hubs.DisposeAsync();

    /// <summary>The SignalR client's own start: negotiation over HTTP, then the transport. The status it was refused with, or null when it connected.</summary>
    private async Task<HttpStatusCode?> NegotiateAsync(Uri url, string? token)
    {
        var connection = _hubs.Connect(url, token, negotiate: true);
        try
        {
            await connection.StartAsync();
            return null;
        }
        catch (HttpRequestException ex) when (ex.StatusCode is { } status)
        {
            return status;
        }
    }

    /// <summary>A raw WebSocket upgrade without negotiation; the status of the refusal, or null when it was accepted.</summary>
    private static async Task<HttpStatusCode?> WebSocketAsync(Uri url, string? queryToken, string? header)
    {
        var target = new UriBuilder(url) { Scheme = "ws", Query = queryToken is null ? "" : "access_token=" + Uri.EscapeDataString(queryToken) }.Uri;
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        if (header is not null)
        {
            socket.Options.SetRequestHeader("Authorization", header);
        }

        try
        {
            await socket.ConnectAsync(target, CancellationToken.None);
            return null;
        }
        catch (WebSocketException) when (socket.HttpStatusCode != 0)
        {
            return socket.HttpStatusCode;
        }
    }
}

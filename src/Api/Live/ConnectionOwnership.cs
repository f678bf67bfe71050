using System.Buffers.Text;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using EcommerceBackend.Api.Auth;

namespace EcommerceBackend.Api.Live;

/// <summary>
/// Makes a hub's connection token usable only by the user who negotiated it. SignalR alone lets any caller the hub
/// accepts poll, send to or close a long-polling or server-sent-events connection whose token they hold, and puts their
/// principal on it. Here the token the negotiation hands out carries a MAC of the framework's token and the caller's
/// subject; every later request naming a connection must carry a token whose MAC matches its own subject, or it gets
/// 404 as for a connection that does not exist. The framework then sees its own token, unchanged.
/// </summary>
internal static partial class ConnectionOwnership
{
    /// <summary>The query parameter that names the connection (SignalR's).</summary>
    private const string ConnectionTokenQuery = "id";

    private const char Separator = '.';

    // Connections live in this process only, so the key does too: nothing to configure or share.
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);

    /// <summary>Binds the hub's connection tokens to the subject of the user who negotiated them.</summary>
    public static HubEndpointConventionBuilder OwnedByNegotiatingUser(this HubEndpointConventionBuilder hub)
    {
        // Finally: after MapHub's own conventions, so the request delegate wrapped is the dispatcher's.
        hub.Finally(endpoint =>
        {
            var dispatcher = endpoint.RequestDelegate ?? throw new InvalidOperationException($"{endpoint.DisplayName} has no request delegate.");
            endpoint.RequestDelegate = endpoint is RouteEndpointBuilder route && IsNegotiation(route)
                ? context => NegotiateAsync(context, dispatcher)
                : context => ConnectAsync(context, dispatcher);
        });
        return hub;
    }

    private static bool IsNegotiation(RouteEndpointBuilder route) =>
        route.RoutePattern.RawText?.EndsWith("/negotiate", StringComparison.Ordinal) == true;

    private static async Task NegotiateAsync(HttpContext context, RequestDelegate dispatcher)
    {
        // The answer is a few hundred bytes of JSON: held back, its connectionToken swapped for the bound one.
        var body = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await dispatcher(context);
        }
        finally
        {
            context.Response.Body = body;
        }

        var answer = buffer.ToArray();
        if (context.Response.StatusCode == StatusCodes.Status200OK
            && JsonNode.Parse(answer) is JsonObject negotiation
            && negotiation["connectionToken"]?.GetValue<string>() is { } token)
        {
            negotiation["connectionToken"] = Seal(token, context.User);
            answer = Encoding.UTF8.GetBytes(negotiation.ToJsonString());
        }

        // An empty refusal stays empty, so the status code pages can still explain it.
        if (answer.Length > 0)
        {
            context.Response.ContentLength = answer.Length;
            await body.WriteAsync(answer, context.RequestAborted);
        }
    }

    private static Task ConnectAsync(HttpContext context, RequestDelegate dispatcher)
    {
        var query = context.Request.Query;
        if (!query.TryGetValue(ConnectionTokenQuery, out var sealedToken))
        {
            // A WebSocket opened without negotiation: a new connection of the caller's own.
            return dispatcher(context);
        }

        if (sealedToken.Count != 1 || Unseal(sealedToken.ToString(), context.User) is not { } token)
        {
            LogForeignConnection(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ConnectionOwnership)), context.Request.Path);
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        context.Request.QueryString = QueryString.Create(query.SelectMany(pair => string.Equals(pair.Key, ConnectionTokenQuery, StringComparison.OrdinalIgnoreCase)
            ? [new KeyValuePair<string, string?>(pair.Key, token)]
            : pair.Value.Select(value => new KeyValuePair<string, string?>(pair.Key, value))));
        return dispatcher(context);
    }

    private static string Seal(string token, ClaimsPrincipal user) => token + Separator + Mac(token, user);

    /// <summary>The framework's token when <paramref name="sealedToken"/> was handed out to this user, else null.</summary>
    private static string? Unseal(string sealedToken, ClaimsPrincipal user)
    {
        var at = sealedToken.LastIndexOf(Separator);
        if (at <= 0)
        {
            return null;
        }

        var token = sealedToken[..at];
        var expected = Encoding.ASCII.GetBytes(Mac(token, user));
        var given = Encoding.ASCII.GetBytes(sealedToken[(at + 1)..]);
        return CryptographicOperations.FixedTimeEquals(expected, given) ? token : null;
    }

    // Every caller that reaches a hub has a subject: AuthSetup refuses tokens without one.
    private static string Mac(string token, ClaimsPrincipal user) =>
        Base64Url.EncodeToString(HMACSHA256.HashData(Key, Encoding.UTF8.GetBytes($"{token}\n{user.CustomerId()}")));

    [LoggerMessage(Level = LogLevel.Debug, Message = "A request to {Path} named a connection this caller did not negotiate")]
    private static partial void LogForeignConnection(ILogger logger, PathString path);
}

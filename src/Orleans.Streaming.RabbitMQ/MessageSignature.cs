using System.Security.Cryptography;
using System.Text;

namespace Orleans.Streaming.RabbitMQ;

/// <summary>
/// Signs and checks messages: HMAC-SHA256 over the exchange, the routing key, the message id and the body, so that a
/// signed body cannot be replayed under another routing key or id. The header carries <c>v1=</c> and the MAC in base64.
/// </summary>
public sealed class MessageSignature
{
    /// <summary>The header the signature travels in.</summary>
    public const string Header = "x-signature";

    /// <summary>The shortest key accepted.</summary>
    public const int MinKeyBytes = 32;

    private const string Version = "v1=";

    private readonly byte[] _signingKey;
    private readonly byte[][] _acceptedKeys;

    /// <summary>Creates a signer with <paramref name="signingKey"/>, which also accepts <paramref name="acceptedKeys"/>.</summary>
    public MessageSignature(string signingKey, IEnumerable<string>? acceptedKeys = null)
    {
        _signingKey = Encoding.UTF8.GetBytes(signingKey);
        _acceptedKeys = [_signingKey, .. (acceptedKeys ?? []).Select(Encoding.UTF8.GetBytes)];
    }

    /// <summary>The header value for a message.</summary>
    public string Sign(string exchange, string routingKey, string? messageId, ReadOnlySpan<byte> body) =>
        Version + Convert.ToBase64String(Mac(_signingKey, exchange, routingKey, messageId, body));

    /// <summary>Whether <paramref name="header"/> is a signature of the message by one of the accepted keys; says why not.</summary>
    public bool Verify(string exchange, string routingKey, string? messageId, ReadOnlySpan<byte> body, object? header, out string problem)
    {
        var text = header switch
        {
            byte[] bytes => Encoding.UTF8.GetString(bytes),
            string s => s,
            _ => null,
        };
        if (text is null)
        {
            problem = $"the message has no {Header} header";
            return false;
        }

        Span<byte> given = stackalloc byte[HMACSHA256.HashSizeInBytes];
        if (!text.StartsWith(Version, StringComparison.Ordinal) || !Convert.TryFromBase64String(text[Version.Length..], given, out var length) || length != given.Length)
        {
            problem = $"its {Header} header is not a v1 signature";
            return false;
        }

        foreach (var key in _acceptedKeys)
        {
            if (CryptographicOperations.FixedTimeEquals(Mac(key, exchange, routingKey, messageId, body), given))
            {
                problem = "";
                return true;
            }
        }

        problem = $"its {Header} does not match the message (not signed by this cluster, or altered)";
        return false;
    }

    private static byte[] Mac(byte[] key, string exchange, string routingKey, string? messageId, ReadOnlySpan<byte> body)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        Span<byte> separator = [0];
        hmac.AppendData(Encoding.UTF8.GetBytes(exchange));
        hmac.AppendData(separator);
        hmac.AppendData(Encoding.UTF8.GetBytes(routingKey));
        hmac.AppendData(separator);
        hmac.AppendData(Encoding.UTF8.GetBytes(messageId ?? ""));
        hmac.AppendData(separator);
        hmac.AppendData(body);
        return hmac.GetHashAndReset();
    }
}

using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace EcommerceBackend.Api.Auth;

/// <summary>Token settings (section <c>Jwt</c>; <c>JWT_SECRET</c>, <c>JWT_EXPIRY</c>).</summary>
public sealed partial class JwtOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Jwt";

    /// <summary>The smallest signing key accepted, in bytes (HMAC-SHA256 wants at least its output size).</summary>
    public const int MinSecretBytes = 32;

    /// <summary>The HMAC-SHA256 signing key. Required, at least 32 bytes of UTF-8, in cluster mode, where all API nodes must share it.</summary>
    public string? Secret { get; set; }

    /// <summary>Token lifetime as the original wrote it: <c>24h</c>, <c>30m</c>, <c>7d</c>, <c>3600</c> (seconds), or a TimeSpan.</summary>
    public string Expiry { get; set; } = "24h";

    /// <summary>The issuer written into and required of tokens.</summary>
    public string Issuer { get; set; } = "ecommerce-backend";

    /// <summary>The audience written into and required of tokens.</summary>
    public string Audience { get; set; } = "ecommerce-clients";

    /// <summary>The signing key bytes (set once validated, or generated in embedded mode).</summary>
    internal byte[] Key { get; set; } = [];

    /// <summary>The parsed lifetime.</summary>
    internal TimeSpan Lifetime => TryParseLifetime(Expiry, out var lifetime) ? lifetime : TimeSpan.FromHours(24);

    /// <summary>Parses <c>90</c> (seconds), <c>500ms</c>, <c>45s</c>, <c>30m</c>, <c>24h</c>, <c>7d</c>, <c>2w</c>, or <c>1.00:00:00</c>.</summary>
    public static bool TryParseLifetime(string? value, out TimeSpan lifetime)
    {
        lifetime = default;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        var match = LifetimePattern().Match(value.Trim());
        if (match.Success && double.TryParse(match.Groups["n"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n))
        {
            lifetime = match.Groups["unit"].Value.ToLowerInvariant() switch
            {
                "ms" => TimeSpan.FromMilliseconds(n),
                "" or "s" => TimeSpan.FromSeconds(n),
                "m" => TimeSpan.FromMinutes(n),
                "h" => TimeSpan.FromHours(n),
                "d" => TimeSpan.FromDays(n),
                _ => TimeSpan.FromDays(7 * n),
            };
        }
        else if (!TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out lifetime))
        {
            return false;
        }

        return lifetime > TimeSpan.Zero && lifetime <= TimeSpan.FromDays(365);
    }

    /// <summary>Whether <see cref="Secret"/> must be set: in cluster mode, where every API node must share it (set by the host, not read from configuration).</summary>
    internal bool SecretRequired { get; set; }

    /// <inheritdoc/>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!TryParseLifetime(Expiry, out _))
        {
            yield return new ValidationResult($"Jwt:Expiry (JWT_EXPIRY) must be a duration such as 24h, 30m or 3600, up to 365 days (was '{Expiry}').");
        }

        if (Secret is { Length: > 0 } secret && Encoding.UTF8.GetByteCount(secret) < MinSecretBytes)
        {
            yield return new ValidationResult($"Jwt:Secret (JWT_SECRET) must be at least {MinSecretBytes} bytes long.");
        }
        else if (string.IsNullOrEmpty(Secret) && SecretRequired)
        {
            yield return new ValidationResult($"Jwt:Secret (JWT_SECRET) is required in cluster mode, at least {MinSecretBytes} bytes, the same on every API node.");
        }

        if (string.IsNullOrWhiteSpace(Issuer))
        {
            yield return new ValidationResult("Jwt:Issuer must not be empty.");
        }

        if (string.IsNullOrWhiteSpace(Audience))
        {
            yield return new ValidationResult("Jwt:Audience must not be empty.");
        }
    }

    [GeneratedRegex(@"^(?<n>\d+(\.\d+)?)\s*(?<unit>ms|s|m|h|d|w)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LifetimePattern();
}

/// <summary>Checks <see cref="JwtOptions"/> (generated).</summary>
[OptionsValidator]
internal sealed partial class JwtOptionsValidator : IValidateOptions<JwtOptions>;

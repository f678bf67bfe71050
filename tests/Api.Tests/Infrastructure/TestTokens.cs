using System.Text;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace EcommerceBackend.Api.Tests.Infrastructure;

/// <summary>JWTs made by the tests: with the application's secret, or broken in one particular way.</summary>
internal static class TestTokens
{
    /// <summary>A token signed with HMAC-SHA256; every part can be chosen.</summary>
    public static string Create(
        string subject,
        string role,
        DateTime? notBefore = null,
        DateTime? expires = null,
        string secret = ApiFixture.JwtSecret,
        string issuer = ApiFixture.JwtIssuer,
        string audience = ApiFixture.JwtAudience)
    {
        var now = DateTime.UtcNow;
        var from = notBefore ?? now.AddMinutes(-1);
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = from,
            NotBefore = from,
            Expires = expires ?? now.AddHours(1),
            Claims = new Dictionary<string, object> { ["sub"] = subject, ["role"] = role },
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(secret)), SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>The same token with its payload changed and its signature kept, as a forger would try.</summary>
    public static string WithPayload(string token, Action<JsonObject> change)
    {
        var parts = token.Split('.');
        var payload = JsonNode.Parse(Base64UrlEncoder.Decode(parts[1]))!.AsObject();
        change(payload);
        return $"{parts[0]}.{Base64UrlEncoder.Encode(payload.ToJsonString())}.{parts[2]}";
    }

    /// <summary>The same claims with <c>alg: none</c> and no signature.</summary>
    public static string Unsigned(string token)
    {
        var parts = token.Split('.');
        return $"{Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""")}.{parts[1]}.";
    }

    /// <summary>The claims of a token, unverified.</summary>
    public static JsonWebToken Read(string token) => new(token);
}

using System.Text;
using EcommerceBackend.Api.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace EcommerceBackend.Api.Tests.Hostile;

/// <summary>The tokens of the <see cref="Auth"/> kinds: the admin's and the attacker's own, and ones broken in one way each, about the victim.</summary>
internal sealed class HostileTokens(string adminToken, TestCustomer victim, TestCustomer attacker)
{
    public const string WrongSecret = "not-the-api-signing-secret-0123456789-abcdefghijklmnop";

    /// <summary>The kinds that must never get in, on any route or hub that needs a caller.</summary>
    public static readonly Auth[] Refused =
    [
        Auth.None, Auth.Garbage, Auth.EmptyBearer, Auth.BasicScheme, Auth.Expired, Auth.NotYetValid, Auth.WrongKey, Auth.WrongIssuer,
        Auth.WrongAudience, Auth.AlgNone, Auth.ForgedRole, Auth.ForgedSubject, Auth.NoSubject, Auth.NoSubjectAdmin, Auth.Huge,
    ];

    /// <summary>The Authorization header (or query token) of an <see cref="Auth"/> kind.</summary>
    public string? Header(Auth auth) => auth switch
    {
        Auth.None or Auth.QueryOnly => null,
        Auth.Admin => Bearer(adminToken),
        Auth.Attacker => Bearer(attacker.Token),
        Auth.Garbage => "Bearer not.a.jwt",
        Auth.EmptyBearer => "Bearer ",
        Auth.BasicScheme => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{victim.Email}:{victim.Password}")),
        Auth.Huge => Bearer("eyJ" + new string('A', 12_000) + ".e30.sig"),
        _ => Bearer(Token(auth)!),
    };

    /// <summary>A token broken in the way named, about the victim (or as an admin) where a subject or role matters.</summary>
    public string? Token(Auth auth) => auth switch
    {
        Auth.Admin => adminToken,
        Auth.Attacker => attacker.Token,
        Auth.Expired => TestTokens.Create(victim.Id, "customer", notBefore: DateTime.UtcNow.AddHours(-3), expires: DateTime.UtcNow.AddHours(-2)),
        Auth.NotYetValid => TestTokens.Create(victim.Id, "customer", notBefore: DateTime.UtcNow.AddHours(1), expires: DateTime.UtcNow.AddHours(2)),
        Auth.WrongKey => TestTokens.Create(victim.Id, "admin", secret: WrongSecret),
        Auth.WrongIssuer => TestTokens.Create(victim.Id, "admin", issuer: "someone-else"),
        Auth.WrongAudience => TestTokens.Create(victim.Id, "admin", audience: "someone-else"),
        Auth.AlgNone => TestTokens.Unsigned(TestTokens.Create(victim.Id, "admin")),
        Auth.ForgedRole => TestTokens.WithPayload(attacker.Token, p => p["role"] = "admin"),
        Auth.ForgedSubject => TestTokens.WithPayload(attacker.Token, p => p["sub"] = victim.Id),
        Auth.NoSubject => WithoutSubject("customer"),
        Auth.NoSubjectAdmin => WithoutSubject("admin"),
        Auth.QueryOnly => attacker.Token,
        _ => null,
    };

    /// <summary>What a client that can only send a bearer token (the SignalR client, a browser's query) sends for the kind.</summary>
    public string? BearerText(Auth auth) => Token(auth) ?? Header(auth) switch
    {
        null => null,
        var header when header.StartsWith("Bearer ", StringComparison.Ordinal) => header["Bearer ".Length..],
        var header => header,
    };

    /// <summary>Signed with the API's own secret, right issuer and audience, but naming no one.</summary>
    private static string WithoutSubject(string role) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = ApiFixture.JwtIssuer,
        Audience = ApiFixture.JwtAudience,
        Expires = DateTime.UtcNow.AddHours(1),
        Claims = new Dictionary<string, object> { ["role"] = role },
        SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(ApiFixture.JwtSecret)), SecurityAlgorithms.HmacSha256),
    });

    private static string Bearer(string token) => "Bearer " + token;
}

using System.Security.Claims;
using EcommerceBackend.Contracts.Customers;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace EcommerceBackend.Api.Auth;

/// <summary>An issued token and when it stops working.</summary>
internal sealed record IssuedToken(string Token, DateTimeOffset ExpiresAt);

/// <summary>Signs the JWTs that <c>register</c> and <c>login</c> hand out.</summary>
internal sealed class TokenIssuer(IOptions<JwtOptions> options, TimeProvider time)
{
    private readonly JsonWebTokenHandler _handler = new();

    public IssuedToken Issue(CustomerProfile customer)
    {
        var jwt = options.Value;
        var now = time.GetUtcNow();
        var expires = now + jwt.Lifetime;
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = jwt.Issuer,
            Audience = jwt.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            Subject = new ClaimsIdentity(
            [
                new Claim(Roles.SubjectClaim, customer.Id),
                new Claim("email", customer.Email),
                new Claim("name", customer.Name),
                new Claim(Roles.RoleClaim, Roles.NameOf(customer.Role)),
            ]),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(jwt.Key), SecurityAlgorithms.HmacSha256),
        });
        return new IssuedToken(token, expires);
    }
}

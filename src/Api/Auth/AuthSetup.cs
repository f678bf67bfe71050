using System.Security.Cryptography;
using System.Text;
using EcommerceBackend.ClusterHosting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace EcommerceBackend.Api.Auth;

internal static partial class AuthSetup
{
    /// <summary>JWT bearer authentication, the admin policy, the token issuer and the admin seeding.</summary>
    public static void AddAuth(this WebApplicationBuilder builder, HostingMode mode)
    {
        var embedded = mode == HostingMode.Embedded;
        builder.Services.AddValidatedOptions<JwtOptions, JwtOptionsValidator>(builder.Configuration.GetSection(JwtOptions.Section))
            .PostConfigure(o =>
            {
                o.SecretRequired = !embedded;
                o.Key = o.Secret is { Length: > 0 } secret ? Encoding.UTF8.GetBytes(secret) : EmbeddedKey.Value;
            });

        builder.Services.AddValidatedOptions<AdminOptions, AdminOptionsValidator>(builder.Configuration.GetSection(AdminOptions.Section))
            .PostConfigure(o =>
            {
                if (embedded && !o.IsConfigured)
                {
                    (o.Email, o.Password) = (AdminOptions.EmbeddedEmail, AdminOptions.EmbeddedPassword);
                }
            });

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<JwtOptions>>((bearer, jwt) =>
            {
                bearer.MapInboundClaims = false;
                // A refused token gets a bare "Bearer" challenge: why it failed (expired, bad signature) helps an attacker.
                bearer.IncludeErrorDetails = false;
                // Browsers cannot set headers on WebSocket requests: SignalR clients send the token in the query.
                bearer.Events = new JwtBearerEvents
                {
                    OnMessageReceived = context =>
                    {
                        if (context.Request.Path.StartsWithSegments(Live.LiveUpdates.HubsPath)
                            && context.Request.Query.TryGetValue("access_token", out var token))
                        {
                            context.Token = token;
                        }

                        return Task.CompletedTask;
                    },
                    OnTokenValidated = context =>
                    {
                        // Every route and hub acts for the token's subject: a token that names no one is refused, not half-trusted.
                        if (string.IsNullOrWhiteSpace(context.Principal?.CustomerId()))
                        {
                            context.Fail("The token has no subject.");
                        }

                        return Task.CompletedTask;
                    },
                };
                bearer.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = jwt.Value.Issuer,
                    ValidAudience = jwt.Value.Audience,
                    IssuerSigningKey = new SymmetricSecurityKey(jwt.Value.Key),
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    NameClaimType = Roles.SubjectClaim,
                    RoleClaimType = Roles.RoleClaim,
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
            });
        builder.Services.AddAuthorizationBuilder().AddPolicy(Roles.AdminPolicy, p => p.RequireRole(Roles.Admin));

        builder.Services.AddSingleton<TokenIssuer>();
        builder.Services.AddHostedService<AdminSeeder>();
    }

    // Embedded mode without JWT_SECRET: a key for this process only, so tokens die with it.
    private static readonly Lazy<byte[]> EmbeddedKey = new(() => RandomNumberGenerator.GetBytes(64));
}

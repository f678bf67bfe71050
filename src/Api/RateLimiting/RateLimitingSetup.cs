using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using EcommerceBackend.Api.Auth;
using EcommerceBackend.ClusterHosting;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace EcommerceBackend.Api.RateLimiting;

/// <summary>
/// The API's limits. A general one (off unless <c>RateLimit:MaxRequests</c> is set) per signed-in user, or per client address
/// for anonymous requests, on every route. Login and registration have their own, always on, per address (this policy) and
/// per account (<see cref="AccountLimitFilter"/>), so guessing passwords is slowed without touching anyone's browsing.
/// Counters live in Redis in cluster mode, in the process in embedded mode. The client address is the connection's, or
/// the one a trusted proxy forwarded (<see cref="TrustedProxyOptions"/>).
/// </summary>
internal static class RateLimitingSetup
{
    /// <summary>The policy of the login and registration routes: attempts per client address.</summary>
    public const string LoginPolicy = "login";

    public static void AddApiRateLimiting(this WebApplicationBuilder builder, HostingMode mode)
    {
        var services = builder.Services;
        services.AddValidatedOptions<RateLimitOptions, RateLimitOptionsValidator>(builder.Configuration.GetSection(RateLimitOptions.Section));
        services.AddValidatedOptions<TrustedProxyOptions, TrustedProxyOptionsValidator>(builder.Configuration.GetSection(TrustedProxyOptions.Section));
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<TrustedProxyOptions>>((forwarded, trusted) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor;
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var network in trusted.Value.Networks)
            {
                forwarded.KnownIPNetworks.Add(network);
            }
        });

        services.AddSingleton<InProcessRateLimitStore>();
        if (mode == HostingMode.Cluster)
        {
            // One connection for the node, unless something else registered one already.
            services.TryAddSingleton<IConnectionMultiplexer>(sp => ConnectionMultiplexer.Connect(sp.GetRequiredService<RedisConnectionOptions>().ToConfigurationOptions()));
            services.AddSingleton<IRateLimitStore>(sp => ActivatorUtilities.CreateInstance<RedisRateLimitStore>(
                sp, sp.GetRequiredService<ClusterHostingOptions>().ServiceId));
        }
        else
        {
            services.AddSingleton<IRateLimitStore>(sp => sp.GetRequiredService<InProcessRateLimitStore>());
        }

        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>, IRateLimitStore>((o, options, store) =>
        {
            var limits = options.Value;
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (rejected, _) => RejectAsync(rejected);
            if (limits.MaxRequests > 0)
            {
                o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                    RateLimitPartition.Get(ClientKey(context), key => new StoreWindowLimiter(store, $"general:{key}", limits.MaxRequests, limits.Window)));
            }

            o.AddPolicy(LoginPolicy, context =>
                RateLimitPartition.Get(AddressKey(context), key => new StoreWindowLimiter(store, $"login:{key}", limits.LoginPermitLimit, limits.LoginWindow)));
        });
    }

    /// <summary>Puts a login (<paramref name="countsFailures"/>) or registration route under the login limits.</summary>
    public static RouteHandlerBuilder WithLoginLimits(this RouteHandlerBuilder route, bool countsFailures)
    {
        route.RequireRateLimiting(LoginPolicy);
        route.AddEndpointFilterFactory((factory, next) =>
        {
            var filter = new AccountLimitFilter(
                factory.ApplicationServices.GetRequiredService<IRateLimitStore>(),
                factory.ApplicationServices.GetRequiredService<IOptions<RateLimitOptions>>().Value,
                countsFailures);
            return invocation => filter.InvokeAsync(invocation, next);
        });
        route.ProducesProblem(StatusCodes.Status429TooManyRequests);
        return route;
    }

    /// <summary>The general limit's partition: the signed-in user, else the client address.</summary>
    internal static string ClientKey(HttpContext context) =>
        context.User.Identity?.IsAuthenticated == true && context.User.CustomerId() is { Length: > 0 } id ? $"user:{id}" : $"addr:{AddressKey(context)}";

    /// <summary>
    /// The client address as a partition: IPv4 as is; IPv6 by its /64, the block one subscriber usually gets whole, so
    /// stepping through the addresses of one's own block is not a way around the limit.
    /// </summary>
    internal static string AddressKey(HttpContext context)
    {
        if (context.Connection.RemoteIpAddress is not { } address)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return $"{new IPAddress(bytes)}/64";
    }

    /// <summary>Answers 429 as problem details, with <c>Retry-After</c> in whole seconds (at least 1).</summary>
    internal static ValueTask RejectAsync(OnRejectedContext rejected)
    {
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        return WriteTooManyRequestsAsync(rejected.HttpContext, retryAfter, "Too many requests; slow down.");
    }

    internal static ValueTask WriteTooManyRequestsAsync(HttpContext context, TimeSpan retryAfter, string title)
    {
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = Seconds(retryAfter);
        return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = StatusCodes.Status429TooManyRequests, Title = title },
        });
    }

    internal static string Seconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}

using Microsoft.Net.Http.Headers;

namespace EcommerceBackend.Api.Infrastructure;

/// <summary>
/// Headers every answer carries: no content-type sniffing, no referrer leaking ids in URLs to other sites. Answers
/// that may carry tokens or personal data (every API route but the public catalog and health, and the hubs'
/// negotiation) are never stored by a cache unless the route set its own caching, as the analytics answers do.
/// </summary>
internal static class SecurityHeaders
{
    private static readonly PathString[] Public = ["/api/products", "/api/health", "/api/openapi.json", "/api/bench"];

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(static state =>
        {
            var context = (HttpContext)state;
            var headers = context.Response.Headers;
            headers[HeaderNames.XContentTypeOptions] = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            if (Private(context.Request.Path) && !headers.ContainsKey(HeaderNames.CacheControl))
            {
                headers.CacheControl = "no-store";
            }

            return Task.CompletedTask;
        }, context);
        return next(context);
    });

    private static bool Private(PathString path) =>
        (path.StartsWithSegments("/api") || path.StartsWithSegments("/hubs")) && !Public.Any(p => path.StartsWithSegments(p));
}

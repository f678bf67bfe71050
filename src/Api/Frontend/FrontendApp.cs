using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace EcommerceBackend.Api.Frontend;

/// <summary>
/// Serves the web front end (storefront and operator console) at <c>/</c>: its files, and <c>index.html</c> for every
/// other GET outside <c>/api</c> and <c>/hubs</c>, so the browser's router handles deep links. Whether it is built is
/// looked up per request, so a front end built while the API runs is served without a restart; until then <c>/</c>
/// answers a short page saying how to build it.
/// </summary>
internal static partial class FrontendApp
{
    private const string IndexFile = "index.html";
    private static readonly string[] ApiPrefixes = ["/api", "/hubs"];

    public static IServiceCollection AddFrontend(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<FrontendOptions>(configuration.GetSection(FrontendOptions.Section));
        services.AddSingleton(sp => new FrontendFiles(sp.GetRequiredService<IOptions<FrontendOptions>>().Value, sp.GetRequiredService<IWebHostEnvironment>()));
        return services;
    }

    /// <summary>The front end's files; before the API's middleware, since they need neither auth nor rate limits.</summary>
    public static IApplicationBuilder UseFrontendFiles(this IApplicationBuilder app)
    {
        var files = app.ApplicationServices.GetRequiredService<FrontendFiles>();
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(FrontendApp));
        if (files.IsBuilt)
        {
            LogServing(logger, files.Root);
        }
        else
        {
            LogNotBuilt(logger, files.Root);
        }

        return app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            OnPrepareResponse = context =>
            {
                // Vite names assets by their content hash: a changed file is a new name, so they may be kept for good.
                context.Context.Response.Headers.CacheControl = context.Context.Request.Path.StartsWithSegments("/assets")
                    ? "public, max-age=31536000, immutable"
                    : "no-cache";
            },
        });
    }

    /// <summary>The browser routes: GET and HEAD of paths without a file extension, outside the API.</summary>
    public static IEndpointConventionBuilder MapFrontend(this IEndpointRouteBuilder routes) =>
        routes.MapFallback("{*path:nonfile}", ServeIndex)
            // Only GET and HEAD: another method on an API route must still get its 405.
            .WithMetadata(new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head]))
            .ExcludeFromDescription();

    private static async Task ServeIndex(HttpContext context)
    {
        var path = context.Request.Path;
        if (ApiPrefixes.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)))
        {
            // An unknown API route: the status code pages write the 404 problem, as without a front end.
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var files = context.RequestServices.GetRequiredService<FrontendFiles>();
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.ContentType = "text/html; charset=utf-8";
        var index = files.GetFileInfo(IndexFile);
        if (index.Exists && index.PhysicalPath is { } physical)
        {
            await context.Response.SendFileAsync(physical, context.RequestAborted);
            return;
        }

        await context.Response.WriteAsync(NotBuiltPage, context.RequestAborted);
    }

    internal const string NotBuiltPage = """
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><title>EcommerceBackend</title></head>
        <body style="font-family: system-ui, sans-serif; max-width: 42rem; margin: 3rem auto; line-height: 1.5; padding: 0 1rem">
        <h1>The API is running; its web front end is not built</h1>
        <p>The API answers under <code>/api</code> (try <a href="/api/health">/api/health</a>) and pushes live updates on <code>/hubs</code>.</p>
        <p>For the storefront and the operator console, install Node.js 20 with npm and build again:
        <code>dotnet build src/Api</code> runs npm for you. Or build it by hand with
        <code>cd frontend &amp;&amp; npm ci &amp;&amp; npm run build</code>, then reload this page.</p>
        </body>
        </html>
        """;

    [LoggerMessage(Level = LogLevel.Information, Message = "Serving the web front end from {Root}")]
    private static partial void LogServing(ILogger logger, string root);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No web front end in {Root} (no index.html): / answers a page saying how to build it. Build with Node.js 20 and npm on the PATH (dotnet build runs npm), or set Frontend:Path.")]
    private static partial void LogNotBuilt(ILogger logger, string root);
}

/// <summary>
/// The front end's folder as a file provider that appears once the folder exists: a physical provider needs its
/// folder at creation, and the front end may be built after the API started.
/// </summary>
internal sealed class FrontendFiles(FrontendOptions options, IWebHostEnvironment environment) : IFileProvider, IDisposable
{
    private readonly Lock _gate = new();
    private PhysicalFileProvider? _physical;

    public string Root { get; } = Path.GetFullPath(Path.Combine(environment.ContentRootPath, options.Path));

    public bool IsBuilt => File.Exists(Path.Combine(Root, "index.html"));

    public IFileInfo GetFileInfo(string subpath) => Physical()?.GetFileInfo(subpath) ?? new NotFoundFileInfo(subpath);

    public IDirectoryContents GetDirectoryContents(string subpath) => Physical()?.GetDirectoryContents(subpath) ?? NotFoundDirectoryContents.Singleton;

    public Microsoft.Extensions.Primitives.IChangeToken Watch(string filter) => Physical()?.Watch(filter) ?? NullChangeToken.Singleton;

    public void Dispose() => _physical?.Dispose();

    private PhysicalFileProvider? Physical()
    {
        if (_physical is not null)
        {
            return _physical;
        }

        lock (_gate)
        {
            if (_physical is null && Directory.Exists(Root))
            {
                _physical = new PhysicalFileProvider(Root);
            }

            return _physical;
        }
    }
}

using System.Text.Json;
using System.Text.Json.Serialization;
using EcommerceBackend.Api.Admin;
using EcommerceBackend.Api.Analytics;
using EcommerceBackend.Api.ApiReference;
using EcommerceBackend.Api.Auth;
using EcommerceBackend.Api.Customers;
using EcommerceBackend.Api.Frontend;
using EcommerceBackend.Api.Health;
using EcommerceBackend.Api.Infrastructure;
using EcommerceBackend.Api.Live;
using EcommerceBackend.Api.Notifications;
using EcommerceBackend.Api.Orders;
using EcommerceBackend.Api.Products;
using EcommerceBackend.Api.RateLimiting;
using EcommerceBackend.ClusterHosting;
using EcommerceBackend.Records;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Orleans.Dashboard;

namespace EcommerceBackend.Api.Hosting;

/// <summary>Everything the API host is made of, so <c>Program.cs</c> and the tests build the same application.</summary>
public static partial class ApplicationServices
{
    public const string CorsPolicy = "clients";

    public static WebApplicationBuilder AddApplicationServices(this WebApplicationBuilder builder)
    {
        builder.Configuration.AddLegacyEnvironmentVariables();
        builder.Services.AddValidatedOptions<ApiOptions, ApiOptionsValidator>(builder.Configuration.GetSection(ApiOptions.Section));
        builder.Services.AddOptions<CorsOptions>().Bind(builder.Configuration.GetSection(CorsOptions.Section));

        var apiOptions = builder.Configuration.GetSection(ApiOptions.Section).Get<ApiOptions>() ?? new();
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && !builder.Configuration.GetSection("Kestrel:Endpoints").Exists())
        {
            builder.WebHost.UseUrls($"http://localhost:{apiOptions.Port}");
        }

        builder.WebHost.ConfigureKestrel(k =>
        {
            k.ConfigureBodyLimit(apiOptions.MaxRequestBodyBytes);
            // What serves the API is nobody's business but ours.
            k.AddServerHeader = false;
        });

        var mode = builder.AddOrleans();
        builder.Services.AddSingleton(builder.Configuration.GetClusterOptions());
        if (mode == HostingMode.Cluster)
        {
            builder.Services.AddSingleton(builder.Configuration.GetRedisOptions());
        }

        builder.Services.AddEcommerceTelemetry(builder.Configuration, "ecommerce-api")?
            .WithTracing(t => t.AddAspNetCoreInstrumentation())
            .WithMetrics(m => m.AddAspNetCoreInstrumentation());
        builder.Services.AddHealth(mode, builder.Configuration);
        // Queried by the admin routes; in embedded mode the silo in this process writes to the same store.
        builder.Services.AddRecords(builder.Configuration, inProcessFallback: mode == HostingMode.Embedded);

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.ConfigureHttpJsonOptions(o => ConfigureJson(o.SerializerOptions));
        builder.Services.AddProblemResponses();
        builder.Services.AddRequestValidation();
        builder.AddAuth(mode);
        builder.AddApiRateLimiting(mode);
        builder.Services.AddCors(o => o.AddPolicy(CorsPolicy, p =>
        {
            var origins = (builder.Configuration.GetSection(CorsOptions.Section).Get<CorsOptions>() ?? new()).OriginList;
            p.WithOrigins(origins).AllowAnyHeader().AllowAnyMethod().AllowCredentials();
        }));
        builder.Services.AddApiDocument();
        // The API reads the cache lifetime and the push interval; in embedded mode the silo registers the same.
        builder.Services.AddAnalyticsOptions(builder.Configuration);
        builder.Services.AddAnalyticsAnswers();
        builder.Services.AddLiveUpdates();
        builder.Services.AddFrontend(builder.Configuration);
        builder.Services.AddHostedService<StartupBanner>();
        return builder;
    }

    /// <summary>The JSON of the API, REST and hubs alike: camelCase, enums as camelCase strings, strict numbers.</summary>
    internal static void ConfigureJson(JsonSerializerOptions options)
    {
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        // A number sent as a string is a mistyped field, not a number.
        options.NumberHandling = JsonNumberHandling.Strict;
    }

    public static WebApplication MapApplication(this WebApplication app)
    {
        var api = app.Services.GetRequiredService<IOptions<ApiOptions>>().Value;
        // X-Forwarded-For counts only from the trusted proxies set in ForwardedHeadersOptions (RateLimitingSetup).
        app.UseForwardedHeaders();
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseFrontendFiles();
        app.UseRequestBodyLimit(api.MaxRequestBodyBytes);
        app.UseCors(CorsPolicy);
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();

        app.MapApiDocument(api.EnableApiReference);
        app.MapHealthApi();
        app.MapCustomersApi();
        app.MapProductsApi();
        app.MapOrdersApi();
        app.MapLiveUpdates();
        app.MapNotificationsApi();
        app.MapAnalyticsApi();
        app.MapAdminRecordsApi();
        app.MapFrontend();
        if (DashboardHosting.IsEnabled(app.Configuration))
        {
            // The cluster's inner workings: administrators only.
            app.MapOrleansDashboard(DashboardHosting.Path).RequireAuthorization(Roles.AdminPolicy);
        }

        if (api.EnableBenchmarkEndpoint)
        {
            app.MapBenchmarkEndpoint();
        }
        return app;
    }

    /// <summary>Says at start-up where the API listens and, in embedded mode, that nothing is durable.</summary>
    private sealed partial class StartupBanner(
        IServer server, IHostApplicationLifetime lifetime, ClusterHostingOptions hosting, IOptions<JwtOptions> jwt, ILogger<StartupBanner> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            lifetime.ApplicationStarted.Register(() =>
            {
                var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
                LogListening(logger, hosting.Mode, string.Join(", ", addresses));
                if (hosting.Mode == HostingMode.Embedded)
                {
                    LogNotDurable(logger);
                    if (string.IsNullOrEmpty(jwt.Value.Secret))
                    {
                        LogGeneratedKey(logger);
                    }
                }
            });
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        [LoggerMessage(Level = LogLevel.Information, Message = "EcommerceBackend API ({Mode} mode) listening on {Addresses}")]
        private static partial void LogListening(ILogger logger, HostingMode mode, string addresses);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Embedded mode: the silo runs inside this process with in-memory grain state and streams. NOTHING IS DURABLE: every customer, product and order is lost when the process stops. Set Cluster:Mode=Cluster for Redis-backed silos.")]
        private static partial void LogNotDurable(ILogger logger);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Embedded mode: no Jwt:Secret (JWT_SECRET) is set, so tokens are signed with a key generated for this process and stop working when it stops")]
        private static partial void LogGeneratedKey(ILogger logger);
    }
}

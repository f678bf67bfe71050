using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.EnvironmentVariables;

namespace EcommerceBackend.ClusterHosting;

/// <summary>
/// Reads the original Node services' variable names (<c>PORT</c>, <c>REDIS_URL</c>, <c>JWT_SECRET</c>, …) as
/// their ASP.NET Core keys, so an operator's old <c>.env</c> keeps working. It sits just below the ordinary
/// environment variables, so <c>Section__Key</c> wins where both are set.
/// </summary>
public static class LegacyEnvironmentVariables
{
    /// <summary>Original name → configuration key, for names that map one to one.</summary>
    public static readonly IReadOnlyDictionary<string, string> Map = new Dictionary<string, string>
    {
        ["PORT"] = "Api:Port",
        ["MONGO_URI"] = "Records:ConnectionString",
        ["RABBITMQ_URI"] = "RabbitMQ:ConnectionString",
        ["RABBITMQ_URL"] = "RabbitMQ:ConnectionString",
        ["EVENTS_SIGNING_KEY"] = "RabbitMQ:SigningKey",
        ["REDIS_URL"] = "Redis:ConnectionString",
        ["JWT_SECRET"] = "Jwt:Secret",
        ["JWT_EXPIRY"] = "Jwt:Expiry",
        ["LOW_STOCK_THRESHOLD"] = "Catalog:LowStockThreshold",
        ["RATE_LIMIT_WINDOW_MS"] = "RateLimit:WindowMs",
        ["RATE_LIMIT_MAX_REQUESTS"] = "RateLimit:MaxRequests",
        ["WS_CORS_ORIGIN"] = "Cors:Origins",
        ["ANALYTICS_REFRESH_INTERVAL"] = "Analytics:RefreshIntervalMs",
        ["CACHE_TTL"] = "Analytics:CacheTtlSeconds",
        ["EMAIL_SERVICE"] = "Email:Service",
        ["EMAIL_HOST"] = "Email:Host",
        ["EMAIL_PORT"] = "Email:Port",
        ["EMAIL_USER"] = "Email:User",
        ["EMAIL_PASSWORD"] = "Email:Password",
        ["EMAIL_FROM"] = "Email:From",
        ["ADMIN_EMAIL"] = "Admin:Email",
        ["ADMIN_PASSWORD"] = "Admin:Password",
    };

    /// <summary>Translates a set of variables into configuration keys.</summary>
    public static Dictionary<string, string?> Translate(IReadOnlyDictionary<string, string?> variables)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, key) in Map)
        {
            if (variables.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value))
            {
                values[key] = value;
            }
        }

        // REDIS_HOST and REDIS_PORT make one address; REDIS_URL, when also set, wins.
        if (!values.ContainsKey("Redis:ConnectionString")
            && variables.TryGetValue("REDIS_HOST", out var host) && !string.IsNullOrEmpty(host))
        {
            var port = variables.TryGetValue("REDIS_PORT", out var p) && !string.IsNullOrEmpty(p) ? p : "6379";
            values["Redis:ConnectionString"] = $"{host}:{port}";
        }

        return values;
    }

    /// <summary>Adds the translated variables of this process just below the ordinary environment variables.</summary>
    public static IConfigurationBuilder AddLegacyEnvironmentVariables(this IConfigurationBuilder configuration)
    {
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            variables[(string)entry.Key] = entry.Value as string;
        }

        var source = new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource { InitialData = Translate(variables) };
        var at = configuration.Sources.ToList().FindIndex(s => s is EnvironmentVariablesConfigurationSource { Prefix: null or "" });
        if (at < 0)
        {
            configuration.Sources.Add(source);
        }
        else
        {
            configuration.Sources.Insert(at, source);
        }

        return configuration;
    }
}

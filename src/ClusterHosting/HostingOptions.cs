using System.ComponentModel.DataAnnotations;
using System.Net;
using StackExchange.Redis;

namespace EcommerceBackend.ClusterHosting;

/// <summary>How the process finds and forms the silo cluster.</summary>
public enum HostingMode
{
    /// <summary>A silo inside the API process: localhost clustering, in-memory state and streams. Nothing is durable.</summary>
    Embedded,

    /// <summary>Silo processes that find each other through Redis and keep grain state there; the API is their client.</summary>
    Cluster,
}

/// <summary>Settings of the silo cluster (section <c>Cluster</c>).</summary>
public sealed class ClusterHostingOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Cluster";

    /// <summary>Embedded (the default) or Cluster.</summary>
    public HostingMode Mode { get; set; } = HostingMode.Embedded;

    /// <summary>The Orleans cluster id: silos and clients with the same id form one cluster.</summary>
    public string ClusterId { get; set; } = "ecommerce";

    /// <summary>The Orleans service id: keys persisted state, so it must stay the same across deployments.</summary>
    public string ServiceId { get; set; } = "ecommerce-backend";

    /// <summary>The port silos talk to each other on.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>The port clients (API nodes) connect to.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other silos and clients reach this silo at; by default the machine's first address.</summary>
    public string? AdvertisedAddress { get; set; }

    /// <inheritdoc/>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(ClusterId))
        {
            yield return new ValidationResult("Cluster:ClusterId must not be empty.");
        }

        if (string.IsNullOrWhiteSpace(ServiceId))
        {
            yield return new ValidationResult("Cluster:ServiceId must not be empty.");
        }

        if (SiloPort is < 1 or > 65535)
        {
            yield return new ValidationResult($"Cluster:SiloPort must be a port number from 1 to 65535 (was {SiloPort}).");
        }

        if (GatewayPort is < 1 or > 65535)
        {
            yield return new ValidationResult($"Cluster:GatewayPort must be a port number from 1 to 65535 (was {GatewayPort}).");
        }

        if (AdvertisedAddress is { Length: > 0 } address && !IPAddress.TryParse(address, out _))
        {
            yield return new ValidationResult($"Cluster:AdvertisedAddress must be an IP address (was '{address}').");
        }
    }
}

/// <summary>Where Redis is (section <c>Redis</c>; also <c>REDIS_URL</c>, or <c>REDIS_HOST</c> and <c>REDIS_PORT</c>).</summary>
public sealed class RedisConnectionOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Redis";

    /// <summary>A StackExchange.Redis configuration string (<c>host:port,password=…</c>) or a <c>redis://</c> URL.</summary>
    public string ConnectionString { get; set; } = "localhost:6379";

    /// <summary>Parses <see cref="ConnectionString"/>, in either form.</summary>
    public ConfigurationOptions ToConfigurationOptions()
    {
        var options = ConfigurationOptions.Parse(ToConfigurationString(ConnectionString));
        // Let a silo start while Redis is still coming up, rather than fail at once.
        options.AbortOnConnectFail = false;
        return options;
    }

    /// <inheritdoc/>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        string? error = null;
        try
        {
            if (ToConfigurationOptions().EndPoints.Count == 0)
            {
                error = "names no server";
            }
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or UriFormatException)
        {
            error = ex.Message;
        }

        if (error is not null)
        {
            yield return new ValidationResult($"Redis:ConnectionString (or REDIS_URL) is not a Redis address: {error} (was '{ConnectionString}').");
        }
    }

    /// <summary>Turns <c>redis://[user:password@]host[:port][/db]</c> into the StackExchange.Redis form.</summary>
    public static string ToConfigurationString(string value)
    {
        if (!value.StartsWith("redis://", StringComparison.OrdinalIgnoreCase)
            && !value.StartsWith("rediss://", StringComparison.OrdinalIgnoreCase))
        {
            return value;
        }

        var uri = new Uri(value);
        var parts = new List<string> { $"{uri.Host}:{(uri.IsDefaultPort || uri.Port < 0 ? 6379 : uri.Port)}" };
        if (uri.UserInfo is { Length: > 0 } userInfo)
        {
            var colon = userInfo.IndexOf(':');
            var password = Uri.UnescapeDataString(colon < 0 ? userInfo : userInfo[(colon + 1)..]);
            if (colon > 0)
            {
                parts.Add($"user={Uri.UnescapeDataString(userInfo[..colon])}");
            }

            parts.Add($"password={password}");
        }

        if (uri.AbsolutePath.Trim('/') is { Length: > 0 } db)
        {
            parts.Add($"defaultDatabase={db}");
        }

        if (uri.Scheme.Equals("rediss", StringComparison.OrdinalIgnoreCase))
        {
            parts.Add("ssl=true");
        }

        return string.Join(',', parts);
    }
}

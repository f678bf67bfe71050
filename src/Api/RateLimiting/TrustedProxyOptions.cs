using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.Extensions.Options;

namespace EcommerceBackend.Api.RateLimiting;

/// <summary>
/// Which peers may say who the client is (section <c>ForwardedHeaders</c>). A request from one of them is taken to come from
/// the last address its <c>X-Forwarded-For</c> names (one hop); any other peer's <c>X-Forwarded-For</c> is ignored, so a
/// client cannot pick the address its requests are limited under.
/// </summary>
public sealed class TrustedProxyOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string Section = "ForwardedHeaders";

    /// <summary>
    /// Comma-separated addresses and CIDR networks of the proxies in front of the API (the balancer, an ingress). By default
    /// loopback, where <c>scripts/cluster.sh</c> runs the balancer; empty trusts no one.
    /// </summary>
    public string KnownProxies { get; set; } = "127.0.0.0/8,::1";

    /// <summary>The entries of <see cref="KnownProxies"/>, each as a network (an address is a network of one).</summary>
    public IReadOnlyList<IPNetwork> Networks => [.. Entries().Select(e => Parse(e) ?? throw new FormatException(e))];

    /// <summary>Checks the settings, naming each bad entry.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) => Entries()
        .Where(e => Parse(e) is null)
        .Select(e => new ValidationResult($"ForwardedHeaders:KnownProxies must list IP addresses or CIDR networks (e.g. 10.0.0.0/8), separated by commas (was '{e}')."));

    private IEnumerable<string> Entries() => KnownProxies.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static IPNetwork? Parse(string entry) =>
        IPNetwork.TryParse(entry, out var network) ? network
        : IPAddress.TryParse(entry, out var address) ? new IPNetwork(address, address.GetAddressBytes().Length * 8)
        : null;
}

/// <summary>Checks <see cref="TrustedProxyOptions"/> (generated).</summary>
[OptionsValidator]
internal sealed partial class TrustedProxyOptionsValidator : IValidateOptions<TrustedProxyOptions>;

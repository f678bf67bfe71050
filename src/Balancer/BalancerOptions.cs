using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace EcommerceBackend.Balancer;

/// <summary>Where the API nodes are and how they are checked (section <c>Balancer</c>).</summary>
public sealed class BalancerOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Balancer";

    /// <summary>The API nodes, as base URLs (<c>http://api-1:8080</c>); requests go round robin over the healthy ones.</summary>
    public string[] Destinations { get; set; } = [];

    /// <summary>
    /// A JSON file holding more settings of this section (typically <c>{"Balancer":{"Destinations":[…]}}</c>), read again
    /// whenever it changes: the local cluster script adds and removes API nodes by rewriting it.
    /// </summary>
    public string? DestinationsFile { get; set; }

    /// <summary>The path each API node is probed on; a node that fails it twice in a row gets no new requests until it answers again.</summary>
    public string HealthCheckPath { get; set; } = "/health/ready";

    /// <summary>How often each API node is probed.</summary>
    public TimeSpan HealthCheckInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a probe may take before it counts as failed.</summary>
    public TimeSpan HealthCheckTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <inheritdoc/>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var destination in Destinations)
        {
            if (!Uri.TryCreate(destination, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                yield return new ValidationResult($"Balancer:Destinations must hold http(s) URLs (was '{destination}').");
            }
        }

        if (Destinations.Distinct(StringComparer.OrdinalIgnoreCase).Count() != Destinations.Length)
        {
            yield return new ValidationResult($"Balancer:Destinations names a node twice ({string.Join(", ", Destinations)}).");
        }

        if (!HealthCheckPath.StartsWith('/'))
        {
            yield return new ValidationResult($"Balancer:HealthCheckPath must start with '/' (was '{HealthCheckPath}').");
        }

        if (HealthCheckInterval <= TimeSpan.Zero || HealthCheckTimeout <= TimeSpan.Zero)
        {
            yield return new ValidationResult($"Balancer:HealthCheckInterval and Balancer:HealthCheckTimeout must be positive (were {HealthCheckInterval} and {HealthCheckTimeout}).");
        }
    }
}

/// <summary>Checks <see cref="BalancerOptions"/> (generated).</summary>
[OptionsValidator]
internal sealed partial class BalancerOptionsValidator : IValidateOptions<BalancerOptions>;

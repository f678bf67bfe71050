using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace EcommerceBackend.Api.Hosting;

/// <summary>Settings of the HTTP front end (section <c>Api</c>; <c>PORT</c> also sets the port).</summary>
public sealed class ApiOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Api";

    /// <summary>The port to listen on (on localhost) when no <c>urls</c> or Kestrel endpoints are configured.</summary>
    public int Port { get; set; } = 5000;

    /// <summary>The largest request body accepted; a larger one gets 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>The largest <c>limit</c> a list accepts.</summary>
    public int MaxPageSize { get; set; } = 100;

    /// <summary>Maps <c>GET /api/bench/ceiling</c>, the benchmark's ceiling. Off unless a benchmark run turns it on.</summary>
    public bool EnableBenchmarkEndpoint { get; set; }

    /// <summary>Serves Scalar's browsable API reference at <c>/api/docs</c> (<c>Api__EnableApiReference=true</c>); the OpenAPI document at <c>/api/openapi.json</c> is always served.</summary>
    public bool EnableApiReference { get; set; }

    /// <inheritdoc/>
    // Range checks written out rather than [Range(ErrorMessage = …)]: the options source generator's copy of
    // RangeAttribute ignores ErrorMessage (10.0), and the message must name the setting as configured.
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Port < 1 || Port > 65535)
        {
            yield return new ValidationResult("Api:Port (PORT) must be a port number from 1 to 65535.");
        }

        if (MaxRequestBodyBytes < 1024 || MaxRequestBodyBytes > 100 * 1024 * 1024)
        {
            yield return new ValidationResult("Api:MaxRequestBodyBytes must be from 1024 to 104857600.");
        }

        if (MaxPageSize < 1 || MaxPageSize > 1000)
        {
            yield return new ValidationResult("Api:MaxPageSize must be from 1 to 1000.");
        }
    }
}

/// <summary>Checks <see cref="ApiOptions"/> (generated).</summary>
[OptionsValidator]
internal sealed partial class ApiOptionsValidator : IValidateOptions<ApiOptions>;

/// <summary>Browser origins allowed to call the API and hubs (section <c>Cors</c>; <c>WS_CORS_ORIGIN</c>).</summary>
public sealed class CorsOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Cors";

    /// <summary>Comma-separated origins, e.g. <c>http://localhost:5173</c>; empty allows none.</summary>
    public string Origins { get; set; } = "";

    /// <summary>The origins as a list.</summary>
    public string[] OriginList => Origins.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

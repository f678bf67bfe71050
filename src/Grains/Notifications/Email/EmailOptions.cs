using System.ComponentModel.DataAnnotations;

namespace EcommerceBackend.Grains.Notifications.Email;

/// <summary>
/// Alert emails (section <c>Email</c>; the original's <c>EMAIL_SERVICE</c>, <c>EMAIL_USER</c>, <c>EMAIL_PASSWORD</c>,
/// plus <c>EMAIL_HOST</c>, <c>EMAIL_PORT</c>, <c>EMAIL_FROM</c>). Off until a host or a known service is set.
/// </summary>
public sealed class EmailOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Email";

    /// <summary>A well-known provider that implies host and port: <c>gmail</c>, <c>outlook</c>.</summary>
    public string? Service { get; set; }

    /// <summary>The SMTP server.</summary>
    public string? Host { get; set; }

    /// <summary>The SMTP port; 587 (STARTTLS) by default.</summary>
    public int Port { get; set; } = 587;

    /// <summary>The SMTP user name, when the server wants one.</summary>
    public string? User { get; set; }

    /// <summary>The SMTP password.</summary>
    public string? Password { get; set; }

    /// <summary>The sender address; by default <see cref="User"/>.</summary>
    public string? From { get; set; }

    /// <summary>Who receives the admins' alerts (comma-separated addresses).</summary>
    public string AdminRecipients { get; set; } = "";

    /// <summary>How many times a failing send is tried before it is given up (and logged).</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The first pause between attempts; it doubles each time.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The SMTP server to use, from <see cref="Host"/> or <see cref="Service"/>; <see langword="null"/> when email is off.</summary>
    public string? ResolvedHost => Host is { Length: > 0 } host ? host : Service?.ToLowerInvariant() switch
    {
        "gmail" => "smtp.gmail.com",
        "outlook" or "hotmail" => "smtp-mail.outlook.com",
        _ => null,
    };

    /// <summary>Whether alerts go out by email.</summary>
    public bool Enabled => ResolvedHost is not null;

    /// <summary>The sender address.</summary>
    public string Sender => From is { Length: > 0 } from ? from : User is { Length: > 0 } user && user.Contains('@') ? user : "alerts@ecommerce.local";

    /// <inheritdoc/>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Service is { Length: > 0 } service && Host is not { Length: > 0 } && ResolvedHost is null)
        {
            yield return new ValidationResult($"Email:Service (EMAIL_SERVICE) '{service}' is not one this backend knows (gmail, outlook); set Email:Host (EMAIL_HOST) instead.");
        }

        if (Port is < 1 or > 65535)
        {
            yield return new ValidationResult($"Email:Port (EMAIL_PORT) must be a port number from 1 to 65535 (was {Port}).");
        }

        if (MaxAttempts is < 1 or > 100)
        {
            yield return new ValidationResult($"Email:MaxAttempts must be from 1 to 100 (was {MaxAttempts}).");
        }

        if (RetryDelay <= TimeSpan.Zero)
        {
            yield return new ValidationResult($"Email:RetryDelay must be positive (was {RetryDelay}).");
        }
    }
}

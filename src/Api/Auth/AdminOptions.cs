using System.ComponentModel.DataAnnotations;
using EcommerceBackend.Api.Customers;
using Microsoft.Extensions.Options;

namespace EcommerceBackend.Api.Auth;

/// <summary>The administrator account seeded at start-up (section <c>Admin</c>; <c>ADMIN_EMAIL</c>, <c>ADMIN_PASSWORD</c>).</summary>
public sealed class AdminOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Admin";

    /// <summary>The email address embedded mode seeds when none is configured.</summary>
    public const string EmbeddedEmail = "admin@example.com";

    /// <summary>The password embedded mode seeds when none is configured. Never used in cluster mode.</summary>
    public const string EmbeddedPassword = "Admin123!";

    /// <summary>The admin's email address; with <see cref="Password"/>, the account is created or made admin at start-up.</summary>
    public string? Email { get; set; }

    /// <summary>The admin's password; it must meet the password policy.</summary>
    public string? Password { get; set; }

    /// <summary>The admin's display name.</summary>
    public string Name { get; set; } = "Administrator";

    /// <summary>Whether an account is to be seeded.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(Email) && !string.IsNullOrEmpty(Password);

    /// <inheritdoc/>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (IsConfigured && PasswordPolicy.Check(Password!).Count > 0)
        {
            yield return new ValidationResult("Admin:Password (ADMIN_PASSWORD) must meet the password policy: " + PasswordPolicy.Description);
        }
    }
}

/// <summary>Checks <see cref="AdminOptions"/> (generated).</summary>
[OptionsValidator]
internal sealed partial class AdminOptionsValidator : IValidateOptions<AdminOptions>;

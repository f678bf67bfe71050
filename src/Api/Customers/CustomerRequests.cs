using System.Text.RegularExpressions;
using EcommerceBackend.Api.Infrastructure;
using EcommerceBackend.Contracts.Customers;

namespace EcommerceBackend.Api.Customers;

/// <summary>The body of <c>POST /api/customers/register</c>.</summary>
internal sealed partial record RegisterRequest(string? Name, string? Email, string? Password, string? Phone) : IValidatable
{
    public const int MaxNameLength = 100;
    public const int MaxEmailLength = 254;

    public void Validate(ValidationErrors errors)
    {
        errors.RequireText("name", Name, MaxNameLength);
        CustomerFields.CheckEmail(errors, Email);
        if (string.IsNullOrEmpty(Password))
        {
            errors.Add("password", "The password field is required.");
        }
        else
        {
            foreach (var rule in PasswordPolicy.Check(Password))
            {
                errors.Add("password", rule);
            }
        }

        if (Phone is not null && !PhonePattern().IsMatch(Phone))
        {
            errors.Add("phone", "The phone field must be a phone number: digits, spaces, ( ) - and an optional leading +, 7 to 20 characters.");
        }
    }

    public NewCustomer ToNewCustomer() => new()
    {
        Name = Name!.Trim(),
        Email = Email!.Trim(),
        Password = Password!,
        Phone = string.IsNullOrWhiteSpace(Phone) ? null : Phone.Trim(),
    };

    [GeneratedRegex(@"^\+?[0-9 ()\-]{7,20}$", RegexOptions.CultureInvariant)]
    private static partial Regex PhonePattern();
}

/// <summary>The body of <c>POST /api/customers/login</c>.</summary>
internal sealed record LoginRequest(string? Email, string? Password) : IValidatable
{
    public void Validate(ValidationErrors errors)
    {
        CustomerFields.CheckEmail(errors, Email);
        if (string.IsNullOrEmpty(Password))
        {
            errors.Add("password", "The password field is required.");
        }
        else if (Password.Length > PasswordPolicy.MaxLength)
        {
            errors.Add("password", $"The password must be at most {PasswordPolicy.MaxLength} characters long.");
        }
    }
}

/// <summary>What <c>register</c> and <c>login</c> answer: the customer and a bearer token.</summary>
internal sealed record AuthResponse(string Token, DateTimeOffset ExpiresAt, CustomerResponse Customer);

/// <summary>A customer as the API shows it (never the password hash).</summary>
internal sealed record CustomerResponse(string Id, string Name, string Email, string? Phone, string Role, DateTimeOffset CreatedAt)
{
    public static CustomerResponse From(CustomerProfile profile) =>
        new(profile.Id, profile.Name, profile.Email, profile.Phone, Auth.Roles.NameOf(profile.Role), profile.CreatedAt);
}

internal static class CustomerFields
{
    public static void CheckEmail(ValidationErrors errors, string? email)
    {
        if (errors.RequireText("email", email, RegisterRequest.MaxEmailLength) is not { } value)
        {
            return;
        }

        var at = value.IndexOf('@');
        var valid = at > 0 && at == value.LastIndexOf('@') && value.IndexOf('.', at) > at + 1 && !value.EndsWith('.')
            && !value.Any(char.IsWhiteSpace) && System.Net.Mail.MailAddress.TryCreate(value, out var parsed) && parsed.Address == value;
        if (!valid)
        {
            errors.Add("email", "The email field must be an email address.");
        }
    }
}

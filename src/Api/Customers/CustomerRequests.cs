using System.Text.RegularExpressions;
using EcommerceBackend.Api.Infrastructure;
using EcommerceBackend.Contracts.Customers;
using FluentValidation;

namespace EcommerceBackend.Api.Customers;

/// <summary>The body of <c>POST /api/customers/register</c>.</summary>
internal sealed record RegisterRequest(string? Name, string? Email, string? Password, string? Phone)
{
    public const int MaxNameLength = 100;
    public const int MaxEmailLength = 254;

    public NewCustomer ToNewCustomer() => new()
    {
        Name = Name!.Trim(),
        Email = Email!.Trim(),
        Password = Password!,
        Phone = string.IsNullOrWhiteSpace(Phone) ? null : Phone.Trim(),
    };
}

internal sealed partial class RegisterRequestValidator : AbstractValidator<RegisterRequest>
{
    public RegisterRequestValidator()
    {
        RuleFor(r => r.Name).RequiredText(RegisterRequest.MaxNameLength);
        RuleFor(r => r.Email).EmailAddress();
        RuleFor(r => r.Password).Custom((password, context) =>
        {
            if (string.IsNullOrEmpty(password))
            {
                context.AddFailure("The password field is required.");
                return;
            }

            foreach (var rule in PasswordPolicy.Check(password))
            {
                context.AddFailure(rule);
            }
        });
        RuleFor(r => r.Phone).Must(phone => phone is null || PhonePattern().IsMatch(phone))
            .WithMessage("The phone field must be a phone number: digits, spaces, ( ) - and an optional leading +, 7 to 20 characters.");
    }

    [GeneratedRegex(@"^\+?[0-9 ()\-]{7,20}$", RegexOptions.CultureInvariant)]
    private static partial Regex PhonePattern();
}

/// <summary>The body of <c>POST /api/customers/login</c>.</summary>
internal sealed record LoginRequest(string? Email, string? Password);

internal sealed class LoginRequestValidator : AbstractValidator<LoginRequest>
{
    public LoginRequestValidator()
    {
        RuleFor(r => r.Email).EmailAddress();
        RuleFor(r => r.Password).Custom((password, context) =>
        {
            if (string.IsNullOrEmpty(password))
            {
                context.AddFailure("The password field is required.");
            }
            else if (password.Length > PasswordPolicy.MaxLength)
            {
                context.AddFailure($"The password must be at most {PasswordPolicy.MaxLength} characters long.");
            }
        });
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

internal static class CustomerRules
{
    /// <summary>
    /// A required email address of at most <see cref="RegisterRequest.MaxEmailLength"/> characters, one address and
    /// nothing else: no spaces, control or invisible characters (which would make an address that looks like another).
    /// </summary>
    public static IRuleBuilderOptionsConditions<T, string?> EmailAddress<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Custom((email, context) =>
        {
            if (email is null || !VisibleText.HasVisible(email))
            {
                context.AddFailure("The email field is required.");
                return;
            }

            if (email.Length > RegisterRequest.MaxEmailLength)
            {
                context.AddFailure($"The email field must be at most {RegisterRequest.MaxEmailLength} characters long.");
            }

            // Composed first: "e" and a combining accent is the letter é, not a letter and an invisible mark.
            var value = email.Trim().Normalize(System.Text.NormalizationForm.FormC);
            var at = value.IndexOf('@');
            var valid = at > 0 && at == value.LastIndexOf('@') && value.IndexOf('.', at) > at + 1 && !value.EndsWith('.')
                && VisibleText.IsAllVisible(value) && System.Net.Mail.MailAddress.TryCreate(value, out var parsed) && parsed.Address == value;
            if (!valid)
            {
                context.AddFailure("The email field must be an email address.");
            }
        });
}

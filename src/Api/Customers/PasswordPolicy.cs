namespace EcommerceBackend.Api.Customers;

/// <summary>What a password must be. Each broken rule is reported on its own.</summary>
internal static class PasswordPolicy
{
    public const int MinLength = 8;
    public const int MaxLength = 128;

    public const string Description = "8 to 128 characters, with an upper-case letter, a lower-case letter and a digit.";

    public static List<string> Check(string password)
    {
        var broken = new List<string>();
        if (password.Length < MinLength)
        {
            broken.Add($"The password must be at least {MinLength} characters long.");
        }

        if (password.Length > MaxLength)
        {
            broken.Add($"The password must be at most {MaxLength} characters long.");
        }

        if (!password.Any(char.IsUpper))
        {
            broken.Add("The password must contain an upper-case letter.");
        }

        if (!password.Any(char.IsLower))
        {
            broken.Add("The password must contain a lower-case letter.");
        }

        if (!password.Any(char.IsDigit))
        {
            broken.Add("The password must contain a digit.");
        }

        return broken;
    }
}

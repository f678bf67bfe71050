namespace EcommerceBackend.Contracts.Customers;

/// <summary>The one way an email address becomes a key, so "A@x.com " and "a@X.com" are the same account.</summary>
public static class EmailAddress
{
    /// <summary>Trims and lower-cases an address.</summary>
    public static string Normalize(string email) => email.Trim().ToLowerInvariant();
}

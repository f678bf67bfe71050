namespace EcommerceBackend.Contracts.Customers;

/// <summary>One customer account, keyed by customer id. Holds the profile and the password hash.</summary>
[Alias("ecommerce.ICustomerGrain")]
public interface ICustomerGrain : IGrainWithStringKey
{
    /// <summary>Creates the account. Called by the email owner grain only, once it has claimed the address.</summary>
    /// <returns>The profile, or <see langword="null"/> when an account with this id already exists.</returns>
    [Alias("Create")]
    Task<CustomerProfile?> CreateAsync(NewCustomer customer);

    /// <summary>Returns the profile, or <see langword="null"/> when there is no such account.</summary>
    [Alias("GetProfile")]
    Task<CustomerProfile?> GetProfileAsync();

    /// <summary>Checks a password against the stored hash.</summary>
    /// <returns>The profile when the password matches, otherwise <see langword="null"/>.</returns>
    [Alias("VerifyPassword")]
    Task<CustomerProfile?> VerifyPasswordAsync(string password);

    /// <summary>Makes the account an administrator with the given password (used to seed the configured admin).</summary>
    [Alias("EnsureAdmin")]
    Task<CustomerProfile> EnsureAdminAsync(string password);
}

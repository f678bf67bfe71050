namespace EcommerceBackend.Contracts.Customers;

/// <summary>
/// The owner of one email address, keyed by its normalized (trimmed, lower-case) form. A grain is
/// single-threaded, so two registrations of the same address, from any API node, are decided one after
/// the other: exactly one wins.
/// </summary>
[Alias("ecommerce.ICustomerEmailGrain")]
public interface ICustomerEmailGrain : IGrainWithStringKey
{
    /// <summary>Registers a new account under this address.</summary>
    [Alias("Register")]
    Task<RegistrationResult> RegisterAsync(NewCustomer customer);

    /// <summary>Checks the password of the account under this address.</summary>
    /// <returns>The profile, or <see langword="null"/> for an unknown address or a wrong password alike.</returns>
    [Alias("Authenticate")]
    Task<CustomerProfile?> AuthenticateAsync(string password);

    /// <summary>Creates the administrator account under this address, or makes the existing account one.</summary>
    [Alias("SeedAdmin")]
    Task<CustomerProfile> SeedAdminAsync(string name, string password);
}

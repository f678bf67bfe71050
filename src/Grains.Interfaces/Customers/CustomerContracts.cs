namespace EcommerceBackend.Contracts.Customers;

/// <summary>What a customer account may do.</summary>
[GenerateSerializer, Alias("ecommerce.CustomerRole")]
public enum CustomerRole
{
    /// <summary>A shopper: sees and changes only their own data.</summary>
    Customer = 0,

    /// <summary>An operator of the shop: manages the catalog and sees everyone's data.</summary>
    Admin = 1,
}

/// <summary>A customer as the outside world sees it. It never carries the password hash.</summary>
[GenerateSerializer, Immutable, Alias("ecommerce.CustomerProfile")]
public sealed record CustomerProfile
{
    /// <summary>The customer id (24 hexadecimal characters).</summary>
    [Id(0)] public required string Id { get; init; }

    /// <summary>The display name.</summary>
    [Id(1)] public required string Name { get; init; }

    /// <summary>The email address as registered.</summary>
    [Id(2)] public required string Email { get; init; }

    /// <summary>The phone number, when given.</summary>
    [Id(3)] public string? Phone { get; init; }

    /// <summary>The role of the account.</summary>
    [Id(4)] public required CustomerRole Role { get; init; }

    /// <summary>When the account was created.</summary>
    [Id(5)] public required DateTimeOffset CreatedAt { get; init; }
}

/// <summary>A request to open an account; the password is hashed inside the cluster and never stored as is.</summary>
[GenerateSerializer, Alias("ecommerce.NewCustomer")]
public sealed record NewCustomer
{
    /// <summary>The display name.</summary>
    [Id(0)] public required string Name { get; init; }

    /// <summary>The email address; its owner grain is keyed by its normalized form.</summary>
    [Id(1)] public required string Email { get; init; }

    /// <summary>The plain password, already checked against the password policy.</summary>
    [Id(2)] public required string Password { get; init; }

    /// <summary>The phone number, when given.</summary>
    [Id(3)] public string? Phone { get; init; }

    /// <summary>The role to give the account.</summary>
    [Id(4)] public CustomerRole Role { get; init; } = CustomerRole.Customer;
}

/// <summary>The outcome of a registration.</summary>
[GenerateSerializer, Alias("ecommerce.RegistrationResult")]
public sealed record RegistrationResult
{
    /// <summary>The new customer, or <see langword="null"/> when the email address was taken.</summary>
    [Id(0)] public CustomerProfile? Customer { get; init; }

    /// <summary>Whether the email address already belonged to an account.</summary>
    public bool EmailTaken => Customer is null;
}

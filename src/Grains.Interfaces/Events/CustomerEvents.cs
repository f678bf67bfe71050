namespace EcommerceBackend.Contracts.Events;

/// <summary>
/// The payload of <c>customer.registered</c>: a customer account was opened (administrator accounts seeded from
/// configuration are not registrations). It carries no personal data: the id and the time only.
/// </summary>
[GenerateSerializer, Immutable, Alias("ecommerce.CustomerRegisteredData")]
public sealed record CustomerRegisteredData : EventData
{
    /// <summary>The customer id (also the event's subject).</summary>
    [Id(0)] public required string CustomerId { get; init; }

    /// <summary>When the account was opened.</summary>
    [Id(1)] public required DateTimeOffset RegisteredAt { get; init; }
}

/// <summary>
/// The payload of <c>customer.updated</c>: an account as it is after it was opened or changed (an administrator seeded or
/// promoted, for one). It carries the profile, personal data: outside readers get no access to
/// <c>customer_exchange</c> unless they need it (see the README). Never the password hash.
/// </summary>
[GenerateSerializer, Immutable, Alias("ecommerce.CustomerUpdatedData")]
public sealed record CustomerUpdatedData : EventData
{
    /// <summary>The customer id (also the event's subject).</summary>
    [Id(0)] public required string CustomerId { get; init; }

    /// <summary>Rises by one with every change of the account (1 when opened).</summary>
    [Id(1)] public required int Version { get; init; }

    /// <summary>The name.</summary>
    [Id(2)] public required string Name { get; init; }

    /// <summary>The email address.</summary>
    [Id(3)] public required string Email { get; init; }

    /// <summary>The phone number, if given.</summary>
    [Id(4)] public string? Phone { get; init; }

    /// <summary><c>customer</c> or <c>admin</c>.</summary>
    [Id(5)] public required string Role { get; init; }

    /// <summary>When the account was opened.</summary>
    [Id(6)] public required DateTimeOffset RegisteredAt { get; init; }
}

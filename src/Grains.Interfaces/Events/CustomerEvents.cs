namespace EcommerceBackend.Grains.Events;

/// <summary>
/// The payload of <c>customer.registered</c>: a customer account was opened (administrator accounts seeded from
/// configuration are not registrations). It carries no personal data: the id and the time only.
/// </summary>
[GenerateSerializer, Alias("ecommerce.CustomerRegisteredData")]
public sealed record CustomerRegisteredData : EventData
{
    /// <summary>The customer id (also the event's subject).</summary>
    [Id(0)] public required string CustomerId { get; init; }

    /// <summary>When the account was opened.</summary>
    [Id(1)] public required DateTimeOffset RegisteredAt { get; init; }
}

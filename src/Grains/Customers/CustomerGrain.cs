using EcommerceBackend.Contracts;
using EcommerceBackend.Contracts.Customers;
using EcommerceBackend.Contracts.Events;
using EcommerceBackend.Grains.Storage;
using Microsoft.AspNetCore.Identity;

namespace EcommerceBackend.Grains.Customers;

/// <summary>The persisted state of an account.</summary>
[GenerateSerializer, Immutable, Alias("ecommerce.CustomerState")]
public sealed record CustomerState
{
    /// <summary>The profile; <see langword="null"/> until the account is created.</summary>
    [Id(0)] public CustomerProfile? Profile { get; init; }

    /// <summary>The salted, slow hash of the password (ASP.NET Core Identity's format).</summary>
    [Id(1)] public string? PasswordHash { get; init; }

    /// <summary>Rises by one with every change of the profile (1 once created): the version its events carry.</summary>
    [Id(3)] public int Version { get; init; }
}

/// <inheritdoc cref="ICustomerGrain"/>
public sealed class CustomerGrain(
    [StoredState("customer", StorageNames.Customers)] IStoredState<CustomerState> state,
    IPasswordHasher<CustomerProfile> hasher,
    TimeProvider time) : Grain, ICustomerGrain
{
    private const string Source = "ecommerce-backend/customers";

    public async Task<CustomerProfile?> CreateAsync(NewCustomer customer)
    {
        if (state.State.Profile is not null)
        {
            return null;
        }

        var profile = new CustomerProfile
        {
            Id = this.GetPrimaryKeyString(),
            Name = customer.Name.Trim(),
            Email = customer.Email.Trim(),
            Phone = string.IsNullOrWhiteSpace(customer.Phone) ? null : customer.Phone.Trim(),
            Role = customer.Role,
            CreatedAt = time.GetUtcNow(),
        };
        // Administrators seeded from configuration are operators, not registrations; every account has its profile event.
        DomainEvent[] events = profile.Role != CustomerRole.Customer
            ? [Updated(profile, 1)]
            :
            [
                Event(EventTypes.CustomerRegistered, profile.CreatedAt, new CustomerRegisteredData { CustomerId = profile.Id, RegisteredAt = profile.CreatedAt }),
                Updated(profile, 1),
            ];
        await state.CommitAsync(state.State with { Profile = profile, PasswordHash = hasher.HashPassword(profile, customer.Password), Version = 1 }, events);
        return profile;
    }

    public Task<CustomerProfile?> GetProfileAsync() => Task.FromResult(state.State.Profile);

    public async Task<CustomerProfile?> VerifyPasswordAsync(string password)
    {
        if (state.State is not { Profile: { } profile, PasswordHash: { } hash })
        {
            return null;
        }

        switch (hasher.VerifyHashedPassword(profile, hash, password))
        {
            case PasswordVerificationResult.Success:
                return profile;
            case PasswordVerificationResult.SuccessRehashNeeded:
                // The hash was made with weaker settings than today's: upgrade it while we know the password.
                await state.CommitAsync(state.State with { PasswordHash = hasher.HashPassword(profile, password) });
                return profile;
            default:
                return null;
        }
    }

    public async Task<CustomerProfile> EnsureAdminAsync(string password)
    {
        var profile = state.State.Profile
            ?? throw new InvalidOperationException($"Customer {this.GetPrimaryKeyString()} does not exist.");
        var passwordMatches = state.State.PasswordHash is { } hash
            && hasher.VerifyHashedPassword(profile, hash, password) != PasswordVerificationResult.Failed;
        if (profile.Role == CustomerRole.Admin && passwordMatches)
        {
            return profile;
        }

        profile = profile with { Role = CustomerRole.Admin };
        var version = state.State.Version + 1;
        await state.CommitAsync(
            state.State with
            {
                Profile = profile,
                PasswordHash = passwordMatches ? state.State.PasswordHash : hasher.HashPassword(profile, password),
                Version = version,
            },
            Updated(profile, version));
        return profile;
    }

    private DomainEvent Updated(CustomerProfile profile, int version) => Event(EventTypes.CustomerUpdated, time.GetUtcNow(), new CustomerUpdatedData
    {
        CustomerId = profile.Id,
        Version = version,
        Name = profile.Name,
        Email = profile.Email,
        Phone = profile.Phone,
        Role = profile.Role.ToString().ToLowerInvariant(),
        RegisteredAt = profile.CreatedAt,
    });

    private DomainEvent Event(string type, DateTimeOffset at, EventData data) => new()
    {
        Id = EntityId.New(time),
        Type = type,
        Source = Source,
        Time = at,
        Subject = this.GetPrimaryKeyString(),
        Data = data,
    };
}

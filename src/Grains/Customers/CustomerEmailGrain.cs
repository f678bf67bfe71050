using EcommerceBackend.Contracts;
using EcommerceBackend.Contracts.Customers;
using EcommerceBackend.Grains.Storage;
using Microsoft.AspNetCore.Identity;

namespace EcommerceBackend.Grains.Customers;

/// <summary>The persisted state of an email address: the account that owns it.</summary>
[GenerateSerializer, Immutable, Alias("ecommerce.CustomerEmailState")]
public sealed record CustomerEmailState
{
    /// <summary>The id of the owning account, or <see langword="null"/> while the address is free.</summary>
    [Id(0)] public string? OwnerId { get; init; }
}

/// <inheritdoc cref="ICustomerEmailGrain"/>
public sealed class CustomerEmailGrain(
    [StoredState("email", StorageNames.Customers)] IStoredState<CustomerEmailState> state,
    IPasswordHasher<CustomerProfile> hasher,
    IGrainFactory grains) : Grain, ICustomerEmailGrain
{
    // Checked against for unknown addresses, so they cost as much time as a wrong password.
    private static readonly Lazy<string> DecoyHash = new(() =>
        new PasswordHasher<CustomerProfile>().HashPassword(null!, Convert.ToHexString(Guid.NewGuid().ToByteArray())));

    public async Task<RegistrationResult> RegisterAsync(NewCustomer customer)
    {
        if (await GetOwnerAsync() is not null)
        {
            return new RegistrationResult();
        }

        // Claim first, then create: a crash in between leaves a claim without an account, which
        // GetOwnerAsync treats as free, instead of an account that no address leads to.
        var id = EntityId.New();
        await state.CommitAsync(new CustomerEmailState { OwnerId = id });
        var profile = await grains.GetGrain<ICustomerGrain>(id).CreateAsync(customer);
        return new RegistrationResult { Customer = profile };
    }

    public async Task<CustomerProfile?> AuthenticateAsync(string password)
    {
        if (await GetOwnerAsync() is not { } owner)
        {
            hasher.VerifyHashedPassword(null!, DecoyHash.Value, password);
            return null;
        }

        return await owner.VerifyPasswordAsync(password);
    }

    public async Task<CustomerProfile> SeedAdminAsync(string name, string password)
    {
        if (await GetOwnerAsync() is { } owner)
        {
            return await owner.EnsureAdminAsync(password);
        }

        var result = await RegisterAsync(new NewCustomer
        {
            Name = name,
            Email = this.GetPrimaryKeyString(),
            Password = password,
            Role = CustomerRole.Admin,
        });
        return result.Customer ?? throw new InvalidOperationException("The admin account could not be created.");
    }

    private async Task<ICustomerGrain?> GetOwnerAsync()
    {
        if (state.State.OwnerId is not { } ownerId)
        {
            return null;
        }

        var owner = grains.GetGrain<ICustomerGrain>(ownerId);
        return await owner.GetProfileAsync() is null ? null : owner;
    }
}

using EcommerceBackend.Contracts;
using EcommerceBackend.Contracts.Customers;
using EcommerceBackend.Grains.Customers;
using EcommerceBackend.Grains.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace EcommerceBackend.Grains.Tests;

public sealed class CustomerTests(ClusterFixture fixture) : ClusterTest(fixture)
{
    [Fact]
    public async Task Register_then_authenticate_with_the_right_password_returns_the_profile()
    {
        var email = TestData.NewEmail("Grace");
        var before = DateTimeOffset.UtcNow;

        var result = await Email(email).RegisterAsync(new NewCustomer
        {
            Name = "  Grace Hopper ",
            Email = email,
            Password = "Cobol-1959-compiler",
            Phone = " +1 555 0100 ",
        });

        Assert.False(result.EmailTaken);
        var profile = result.Customer;
        Assert.NotNull(profile);
        Assert.True(EntityId.IsWellFormed(profile.Id), profile.Id);
        Assert.Equal("Grace Hopper", profile.Name);
        Assert.Equal(email, profile.Email);
        Assert.Equal("+1 555 0100", profile.Phone);
        Assert.Equal(CustomerRole.Customer, profile.Role);
        Assert.InRange(profile.CreatedAt, before, DateTimeOffset.UtcNow);
        Assert.Equal(profile, await Email(email).AuthenticateAsync("Cobol-1959-compiler"));
        Assert.Equal(profile, await Grains.GetGrain<ICustomerGrain>(profile.Id).GetProfileAsync());
    }

    [Fact]
    public void A_profile_has_no_field_for_the_password_or_its_hash()
    {
        var names = typeof(CustomerProfile).GetProperties().Select(p => p.Name).ToList();

        Assert.Equal(["Id", "Name", "Email", "Phone", "Role", "CreatedAt"], names);
        Assert.DoesNotContain(names, n => n.Contains("Password", StringComparison.OrdinalIgnoreCase) || n.Contains("Hash", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Authenticate_with_a_wrong_password_returns_null()
    {
        var email = TestData.NewEmail();
        Assert.NotNull((await Email(email).RegisterAsync(TestData.NewCustomer(email, "Right-password-1"))).Customer);

        Assert.Null(await Email(email).AuthenticateAsync("Wrong-password-1"));
        Assert.Null(await Email(email).AuthenticateAsync("right-password-1"));
        Assert.Null(await Email(email).AuthenticateAsync(""));
    }

    [Fact]
    public async Task Authenticate_an_unknown_email_returns_null()
    {
        Assert.Null(await Email(TestData.NewEmail("nobody")).AuthenticateAsync("Any-password-1"));
    }

    [Fact]
    public async Task An_email_address_is_taken_whatever_its_case()
    {
        var token = TestData.Token();
        var first = (await Email($"A-{token}@X.com").RegisterAsync(TestData.NewCustomer($"A-{token}@X.com", "First-password-1"))).Customer;
        Assert.NotNull(first);

        var second = await Email($"a-{token}@x.com").RegisterAsync(TestData.NewCustomer($"a-{token}@x.com", "Second-password-2"));

        Assert.True(second.EmailTaken);
        Assert.Null(second.Customer);
        Assert.Equal(first, await Email($" a-{token}@X.COM ").AuthenticateAsync("First-password-1"));
        Assert.Null(await Email($"a-{token}@x.com").AuthenticateAsync("Second-password-2"));
        Assert.Equal($"A-{token}@X.com", first.Email);
    }

    [Fact]
    public async Task Twenty_concurrent_registrations_of_one_email_from_different_callers_make_exactly_one_account()
    {
        var token = TestData.Token();
        // Every silo and the client: the API nodes of a real deployment.
        var callers = Fixture.Cluster.GetActiveSilos()
            .Select(s => Fixture.Cluster.GetSiloServiceProvider(s.SiloAddress).GetRequiredService<IGrainFactory>())
            .Append(Grains)
            .ToList();
        Assert.True(callers.Count >= 3);
        var attempts = Enumerable.Range(0, 20).Select(i =>
        {
            var email = i % 2 == 0 ? $"race-{token}@example.com" : $"Race-{token}@Example.COM";
            return (Password: $"Racer-{i}-password", Caller: callers[i % callers.Count], Customer: TestData.NewCustomer(email, $"Racer-{i}-password", name: $"Racer {i}"));
        }).ToList();

        var results = await Task.WhenAll(attempts.Select(a => Task.Run(() =>
            a.Caller.GetGrain<ICustomerEmailGrain>(EmailAddress.Normalize(a.Customer.Email)).RegisterAsync(a.Customer))));

        var winners = results.Select((r, i) => (Result: r, Attempt: attempts[i])).Where(x => !x.Result.EmailTaken).ToList();
        var (result, attempt) = Assert.Single(winners);
        Assert.Equal(19, results.Count(r => r.EmailTaken));
        Assert.NotNull(result.Customer);
        Assert.Equal(attempt.Customer.Name, result.Customer.Name);
        Assert.Equal(result.Customer, await Email(attempt.Customer.Email).AuthenticateAsync(attempt.Password));
        foreach (var loser in attempts.Where(a => a != attempt).Take(3))
        {
            Assert.Null(await Email(loser.Customer.Email).AuthenticateAsync(loser.Password));
        }
    }

    [Fact]
    public async Task Seed_admin_creates_an_admin_account_that_can_sign_in()
    {
        var email = EmailAddress.Normalize(TestData.NewEmail("admin"));

        var admin = await Email(email).SeedAdminAsync("Shop Admin", "Admin-password-1");

        Assert.Equal(CustomerRole.Admin, admin.Role);
        Assert.Equal("Shop Admin", admin.Name);
        Assert.Equal(email, admin.Email);
        Assert.Equal(admin, await Email(email).AuthenticateAsync("Admin-password-1"));
        Assert.True((await Email(email).RegisterAsync(TestData.NewCustomer(email))).EmailTaken);
    }

    [Fact]
    public async Task Seed_admin_again_returns_the_same_account()
    {
        var email = EmailAddress.Normalize(TestData.NewEmail("admin"));
        var first = await Email(email).SeedAdminAsync("Shop Admin", "Admin-password-1");

        var second = await Email(email).SeedAdminAsync("Shop Admin", "Admin-password-1");
        await Fixture.Cluster.DeactivateAsync(Email(email));
        var third = await Email(email).SeedAdminAsync("Shop Admin", "Admin-password-1");

        Assert.Equal(first, second);
        Assert.Equal(first, third);
        Assert.Equal(first, await Email(email).AuthenticateAsync("Admin-password-1"));
    }

    [Fact]
    public async Task Seed_admin_promotes_an_existing_customer_and_gives_it_the_admin_password()
    {
        var email = TestData.NewEmail("promoted");
        var customer = (await Email(email).RegisterAsync(TestData.NewCustomer(email, "Customer-password-1"))).Customer;
        Assert.NotNull(customer);

        var admin = await Email(email).SeedAdminAsync("Shop Admin", "Admin-password-1");

        Assert.Equal(customer with { Role = CustomerRole.Admin }, admin);
        Assert.Equal(admin, await Email(email).AuthenticateAsync("Admin-password-1"));
        Assert.Null(await Email(email).AuthenticateAsync("Customer-password-1"));
        Assert.Equal(admin, await Grains.GetGrain<ICustomerGrain>(customer.Id).GetProfileAsync());
    }

    [Fact]
    public async Task Seed_admin_with_the_customers_own_password_promotes_it_and_keeps_the_password()
    {
        var email = TestData.NewEmail("promoted");
        var customer = (await Email(email).RegisterAsync(TestData.NewCustomer(email, "Shared-password-1"))).Customer;
        Assert.NotNull(customer);

        var admin = await Email(email).SeedAdminAsync("Another name", "Shared-password-1");

        Assert.Equal(customer with { Role = CustomerRole.Admin }, admin);
        Assert.Equal(admin, await Email(email).AuthenticateAsync("Shared-password-1"));
    }

    [Fact]
    public async Task A_customer_id_cannot_be_created_twice()
    {
        var email = TestData.NewEmail();
        var customer = (await Email(email).RegisterAsync(TestData.NewCustomer(email, "First-password-1"))).Customer;
        Assert.NotNull(customer);

        var again = await Grains.GetGrain<ICustomerGrain>(customer.Id).CreateAsync(TestData.NewCustomer(TestData.NewEmail(), "Other-password-2"));

        Assert.Null(again);
        Assert.Equal(customer, await Email(email).AuthenticateAsync("First-password-1"));
    }
}

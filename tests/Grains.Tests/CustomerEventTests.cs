using System.Text.Json;
using EcommerceBackend.Contracts;
using EcommerceBackend.Contracts.Customers;
using EcommerceBackend.Contracts.Events;
using EcommerceBackend.Grains.Customers;
using EcommerceBackend.Grains.Events;
using EcommerceBackend.Grains.Tests.Infrastructure;

namespace EcommerceBackend.Grains.Tests;

/// <summary><c>customer.registered</c>: one per account opened, on <c>customer_exchange</c>, with the id and time only.</summary>
public sealed class CustomerEventTests(ClusterFixture fixture) : ClusterTest(fixture)
{
    [Fact]
    public async Task Registering_sends_one_customer_registered_event_with_the_id_and_the_time_only()
    {
        var email = TestData.NewEmail("registered");
        var profile = (await Email(email).RegisterAsync(TestData.NewCustomer(email))).Customer;
        Assert.NotNull(profile);

        var registered = Assert.Single(await Events.ExactlyAsync(profile.Id, EventTypes.CustomerRegistered, 1));
        Assert.Equal(EventTypes.CustomerExchange, registered.Exchange);
        Assert.Equal(profile.CreatedAt, registered.Time);
        Assert.Equal(new CustomerRegisteredData { CustomerId = profile.Id, RegisteredAt = profile.CreatedAt }, registered.Data);

        // The public JSON: no name, email or phone.
        using var json = JsonDocument.Parse(DomainEventJsonSerializer.ToJson(registered));
        Assert.Equal(["customerId", "registeredAt"], json.RootElement.GetProperty("data").EnumerateObject().Select(p => p.Name));
        Assert.Equal(registered, DomainEventJsonSerializer.FromJson(DomainEventJsonSerializer.ToJson(registered)));
    }

    [Fact]
    public async Task Seeding_an_administrator_is_not_a_registration()
    {
        var email = TestData.NewEmail("operator");
        var admin = await Email(email).SeedAdminAsync("Operator", "Operator-Passw0rd");
        Assert.Equal(CustomerRole.Admin, admin.Role);

        await Events.SettleAsync();
        Assert.Empty(Events.About(admin.Id, EventTypes.CustomerRegistered));
    }
}

using System.Net;
using EcommerceBackend.Api.Tests.Infrastructure;

namespace EcommerceBackend.Api.Tests.Customers;

[Collection(ApiCollection.Name)]
public sealed class CustomerProfileTests(ApiFixture app)
{
    [Fact]
    public async Task A_customer_reads_their_own_profile()
    {
        var customer = await app.RegisterCustomerAsync();
        using var client = app.CreateClient(customer.Token);

        using var response = await client.GetAsync($"/api/customers/{customer.Id}");

        var body = await response.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(customer.Id, body["id"]!.GetValue<string>());
        Assert.Equal(customer.Email, body["email"]!.GetValue<string>());
        Assert.Equal("customer", body["role"]!.GetValue<string>());
        Assert.Equal(
            ["createdAt", "email", "id", "name", "phone", "role"],
            body.Select(p => p.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_customer_token_on_another_customers_profile_is_403()
    {
        var owner = await app.RegisterCustomerAsync();
        var other = await app.RegisterCustomerAsync();
        using var client = app.CreateClient(other.Token);

        using var response = await client.GetAsync($"/api/customers/{owner.Id}");

        var problem = await response.ExpectProblemAsync(HttpStatusCode.Forbidden);
        Assert.DoesNotContain(owner.Email, problem.ToJsonString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_admin_reads_any_customers_profile()
    {
        var customer = await app.RegisterCustomerAsync();
        using var admin = await app.CreateAdminClientAsync();

        using var response = await admin.GetAsync($"/api/customers/{customer.Id}");

        var body = await response.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(customer.Email, body["email"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_profile_without_a_token_is_401()
    {
        var customer = await app.RegisterCustomerAsync();
        using var client = app.CreateClient();

        using var response = await client.GetAsync($"/api/customers/{customer.Id}");

        await response.ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("0123456789abcdef01234567")]
    [InlineData("0123456789ABCDEF01234567")]
    [InlineData("not-an-id")]
    [InlineData("%E2%82%AC")]
    public async Task An_unknown_customer_id_is_404_for_an_admin(string id)
    {
        using var admin = await app.CreateAdminClientAsync();

        using var response = await admin.GetAsync($"/api/customers/{id}");

        await response.ExpectProblemAsync(HttpStatusCode.NotFound);
    }
}

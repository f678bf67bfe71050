using System.Net;
using System.Net.Http.Headers;
using EcommerceBackend.Api.Tests.Infrastructure;

namespace EcommerceBackend.Api.Tests.Customers;

/// <summary>What happens to requests carrying tokens that are not good ones. Each case has a control that the same request with a good token passes.</summary>
[Collection(ApiCollection.Name)]
public sealed class TokenTests(ApiFixture app)
{
    [Fact]
    public async Task A_token_made_with_the_configured_secret_is_accepted()
    {
        // The control for the forged tokens below: only the one thing each of them breaks makes them fail.
        var customer = await app.RegisterCustomerAsync();

        using var response = await GetProfileAsync(customer.Id, TestTokens.Create(customer.Id, "customer"));

        await response.ExpectJsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_expired_token_is_401()
    {
        var customer = await app.RegisterCustomerAsync();
        var now = DateTime.UtcNow;
        var expired = TestTokens.Create(customer.Id, "customer", notBefore: now.AddHours(-2), expires: now.AddMinutes(-5));

        using var response = await GetProfileAsync(customer.Id, expired);

        await response.ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_token_not_valid_yet_is_401()
    {
        var customer = await app.RegisterCustomerAsync();
        var now = DateTime.UtcNow;

        using var response = await GetProfileAsync(customer.Id, TestTokens.Create(customer.Id, "customer", notBefore: now.AddMinutes(10), expires: now.AddHours(1)));

        await response.ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_token_signed_with_another_secret_is_401()
    {
        var customer = await app.RegisterCustomerAsync();
        var forged = TestTokens.Create(customer.Id, "customer", secret: "another-secret-of-at-least-32-bytes-0123456789");

        using var response = await GetProfileAsync(customer.Id, forged);

        await response.ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("another-issuer", ApiFixture.JwtAudience)]
    [InlineData(ApiFixture.JwtIssuer, "another-audience")]
    public async Task A_token_for_another_issuer_or_audience_is_401(string issuer, string audience)
    {
        var customer = await app.RegisterCustomerAsync();

        using var response = await GetProfileAsync(customer.Id, TestTokens.Create(customer.Id, "customer", issuer: issuer, audience: audience));

        await response.ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_customer_token_whose_payload_was_changed_to_admin_is_401_and_creates_nothing()
    {
        var customer = await app.RegisterCustomerAsync();
        var tampered = TestTokens.WithPayload(customer.Token, claims => claims["role"] = "admin");
        var category = ApiFixture.UniqueCategory();
        using var client = app.CreateClient(tampered);

        using var response = await client.PostAsync("/api/products", ApiFixture.Json(
            $$"""{"name":"Forged","price":1,"stock":1,"category":"{{category}}"}"""));

        await response.ExpectProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(0, HttpAssertions.Total(await app.ListCategoryAsync(category)));
    }

    [Fact]
    public async Task A_token_with_its_subject_changed_is_401_on_that_customers_profile()
    {
        var victim = await app.RegisterCustomerAsync();
        var attacker = await app.RegisterCustomerAsync();
        var tampered = TestTokens.WithPayload(attacker.Token, claims => claims["sub"] = victim.Id);

        using var response = await GetProfileAsync(victim.Id, tampered);

        await response.ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_unsigned_alg_none_token_is_401()
    {
        var customer = await app.RegisterCustomerAsync();

        using var response = await GetProfileAsync(customer.Id, TestTokens.Unsigned(customer.Token));

        await response.ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("Bearer")]
    [InlineData("Bearer ")]
    [InlineData("Bearer not-a-jwt")]
    [InlineData("Bearer a.b.c")]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("TOKEN_WITHOUT_SCHEME")]
    public async Task A_malformed_authorization_header_is_401(string header)
    {
        var customer = await app.RegisterCustomerAsync();
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/customers/{customer.Id}");
        request.Headers.TryAddWithoutValidation("Authorization", header == "TOKEN_WITHOUT_SCHEME" ? customer.Token : header);

        using var response = await client.SendAsync(request);

        await response.ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    private async Task<HttpResponseMessage> GetProfileAsync(string id, string token)
    {
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/customers/{id}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.SendAsync(request);
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using EcommerceBackend.Api.Tests.Infrastructure;

namespace EcommerceBackend.Api.Tests.Security;

[Collection(ApiCollection.Name)]
public sealed class SecurityHeadersTests(ApiFixture app)
{
    [Fact]
    public async Task A_login_and_a_customer_profile_are_never_stored_by_caches_nor_sniffed_nor_given_a_referrer()
    {
        var customer = await app.RegisterCustomerAsync();
        using var anonymous = app.CreateClient();
        using var login = await anonymous.PostAsync(
            "/api/customers/login", ApiFixture.Json(new JsonObject { ["email"] = customer.Email, ["password"] = customer.Password }));
        using var client = app.CreateClient(customer.Token);
        using var profile = await client.GetAsync($"/api/customers/{customer.Id}");

        foreach (var response in new[] { login, profile })
        {
            await response.ExpectJsonAsync(HttpStatusCode.OK);
            Assert.True(response.Headers.CacheControl?.NoStore, $"{response.RequestMessage?.RequestUri} should say no-store");
            AssertHardened(response);
        }
    }

    [Fact]
    public async Task The_public_catalog_stays_cacheable_and_is_not_sniffed()
    {
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/api/products?limit=1");

        await response.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.NotEqual(true, response.Headers.CacheControl?.NoStore);
        AssertHardened(response);
    }

    [Theory]
    [InlineData("not-a-jwt")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl")]
    public async Task A_refused_token_gets_a_bare_Bearer_challenge_without_the_reason(string token)
    {
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var response = await client.GetAsync("/api/notifications");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).ToString());
        AssertHardened(response);
    }

    private static void AssertHardened(HttpResponseMessage response)
    {
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }
}

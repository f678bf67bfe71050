using System.Net;
using System.Text.Json.Nodes;
using EcommerceBackend.Api.Tests.Infrastructure;

namespace EcommerceBackend.Api.Tests.Customers;

[Collection(ApiCollection.Name)]
public sealed class LoginTests(ApiFixture app)
{
    private static StringContent Credentials(string email, string password) =>
        ApiFixture.Json(new JsonObject { ["email"] = email, ["password"] = password });

    [Fact]
    public async Task Login_with_the_right_password_returns_a_token_for_that_customer_whatever_the_email_case()
    {
        var customer = await app.RegisterCustomerAsync();
        using var client = app.CreateClient();

        using var response = await client.PostAsync("/api/customers/login", Credentials($" {customer.Email.ToUpperInvariant()} ", customer.Password));

        var body = await response.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(customer.Id, body["customer"]!["id"]!.GetValue<string>());
        Assert.Equal("customer", body["customer"]!["role"]!.GetValue<string>());
        var token = body["token"]!.GetValue<string>();
        Assert.Equal(customer.Id, TestTokens.Read(token).Subject);
        Assert.True(DateTimeOffset.Parse(body["expiresAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) > DateTimeOffset.UtcNow);
        using var authorized = app.CreateClient(token);
        using var profile = await authorized.GetAsync($"/api/customers/{customer.Id}");
        await profile.ExpectJsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Login_with_a_wrong_password_and_with_an_unknown_email_give_the_same_401_apart_from_the_trace_id()
    {
        var customer = await app.RegisterCustomerAsync();
        using var client = app.CreateClient();

        using var wrongPassword = await client.PostAsync("/api/customers/login", Credentials(customer.Email, "Wrong-Passw0rd"));
        using var unknownEmail = await client.PostAsync("/api/customers/login", Credentials(ApiFixture.UniqueEmail(), "Wrong-Passw0rd"));

        var first = await wrongPassword.ExpectProblemAsync(HttpStatusCode.Unauthorized);
        var second = await unknownEmail.ExpectProblemAsync(HttpStatusCode.Unauthorized);
        Assert.NotEqual(first["traceId"]!.GetValue<string>(), second["traceId"]!.GetValue<string>());
        first.Remove("traceId");
        second.Remove("traceId");
        Assert.Equal(first.ToJsonString(), second.ToJsonString());
        Assert.Equal(
            wrongPassword.Headers.WwwAuthenticate.ToString(), unknownEmail.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task The_configured_admin_is_seeded_with_the_admin_role_and_the_embedded_default_admin_is_not()
    {
        using var client = app.CreateClient();

        using var admin = await client.PostAsync("/api/customers/login", Credentials(app.AdminEmail, ApiFixture.AdminPassword));
        using var embeddedDefault = await client.PostAsync("/api/customers/login", Credentials("admin@example.com", "Admin123!"));

        var body = await admin.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("admin", body["customer"]!["role"]!.GetValue<string>());
        Assert.Equal("admin", TestTokens.Read(body["token"]!.GetValue<string>()).GetClaim("role").Value);
        await embeddedDefault.ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("""{"password":"Some-Passw0rd"}""", "email")]
    [InlineData("""{"email":"someone@tests.example"}""", "password")]
    [InlineData("""{"email":"someone@tests.example","password":""}""", "password")]
    [InlineData("""{"email":"not-an-email","password":"Some-Passw0rd"}""", "email")]
    [InlineData("""{"email":12,"password":"Some-Passw0rd"}""", "email")]
    [InlineData("""{"email":"someone@tests.example","password":false}""", "password")]
    [InlineData("{}", "email,password")]
    [InlineData("""{"email":"someone@tests.example","password":""", "body")]
    [InlineData("[1,2]", "body")]
    [InlineData("", "body")]
    public async Task Login_with_an_invalid_body_is_400_naming_the_fields(string body, string fields)
    {
        using var client = app.CreateClient();

        using var response = await client.PostAsync("/api/customers/login", ApiFixture.Json(body));

        await response.ExpectValidationProblemAsync(fields.Split(','));
    }

    [Fact]
    public async Task Login_with_an_overlong_password_is_400_not_a_slow_hash()
    {
        using var client = app.CreateClient();

        using var response = await client.PostAsync("/api/customers/login", Credentials("someone@tests.example", "Aa1" + new string('x', 200)));

        await response.ExpectValidationProblemAsync("password");
    }
}

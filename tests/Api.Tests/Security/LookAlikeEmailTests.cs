using System.Net;
using System.Text.Json.Nodes;
using EcommerceBackend.Api.Tests.Infrastructure;

namespace EcommerceBackend.Api.Tests.Security;

/// <summary>
/// An address that reads like an existing one is that account: it is normalised (NFKC, case folded, look-alike
/// letters of other scripts and accents mapped to plain Latin) before the uniqueness check, and an address carrying
/// invisible characters is not an address.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class LookAlikeEmailTests(ApiFixture app)
{
    public static TheoryData<string, string> LookAlikes => new()
    {
        { "Cyrillic е for e", "е" },
        { "Cyrillic а for a", "а" },
        { "Greek ο for o", "ο" },
        { "full-width e", "ｅ" },
        { "capital I with a dot above", "İ" },
        { "e with an acute accent", "é" },
        { "e and a combining acute accent", "e\u0301" },
        { "dotless ı", "ı" },
    };

    [Theory]
    [MemberData(nameof(LookAlikes))]
    public async Task Registering_an_address_that_looks_like_an_existing_one_is_409_and_the_first_account_keeps_its_password(string why, string letter)
    {
        // The existing address has the plain letter at the spot the look-alike takes.
        var plain = LetterFor(letter);
        var id = Guid.NewGuid().ToString("N");
        var existing = $"us{plain}r-{id}@shop.test";
        using var client = app.CreateClient();
        using var first = await client.PostAsync("/api/customers/register", ApiFixture.Json(Body(existing, ApiFixture.CustomerPassword)));
        await first.ExpectJsonAsync(HttpStatusCode.Created);

        using var second = await client.PostAsync("/api/customers/register", ApiFixture.Json(Body($"us{letter}r-{id}@shop.test", "Other-Passw0rd")));

        Assert.True(second.StatusCode == HttpStatusCode.Conflict, $"{why}: expected 409, got {(int)second.StatusCode}: {await second.Content.ReadAsStringAsync()}");
        using var login = await client.PostAsync("/api/customers/login", ApiFixture.Json(new JsonObject { ["email"] = existing, ["password"] = ApiFixture.CustomerPassword }));
        await login.ExpectJsonAsync(HttpStatusCode.OK);
        using var intruder = await client.PostAsync("/api/customers/login", ApiFixture.Json(new JsonObject { ["email"] = existing, ["password"] = "Other-Passw0rd" }));
        await intruder.ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_seeded_admin_cannot_be_imitated_with_a_dotted_capital_I()
    {
        // admin-<guid>@tests.example with its "i" written as "İ".
        var imitation = app.AdminEmail.Replace("admin", "admİn", StringComparison.Ordinal);
        using var client = app.CreateClient();

        using var response = await client.PostAsync("/api/customers/register", ApiFixture.Json(Body(imitation, "Other-Passw0rd")));

        await response.ExpectProblemAsync(HttpStatusCode.Conflict);
    }

    [Theory]
    [InlineData("user@shop.test\u200B")]
    [InlineData("us\u200Der@shop.test")]
    [InlineData("user@sh\u00ADop.test")]
    [InlineData("user\u0000@shop.test")]
    [InlineData("\u202Euser@shop.test")]
    public async Task An_address_with_invisible_or_control_characters_is_400_on_the_email(string email)
    {
        using var client = app.CreateClient();

        using var response = await client.PostAsync("/api/customers/register", ApiFixture.Json(Body(email, ApiFixture.CustomerPassword)));

        await response.ExpectValidationProblemAsync("email");
    }

    [Fact]
    public async Task An_address_in_another_script_that_imitates_no_one_registers_and_logs_in()
    {
        var email = $"почта-{Guid.NewGuid():N}@пример.test";
        using var client = app.CreateClient();

        using var register = await client.PostAsync("/api/customers/register", ApiFixture.Json(Body(email, ApiFixture.CustomerPassword)));
        await register.ExpectJsonAsync(HttpStatusCode.Created);

        using var login = await client.PostAsync("/api/customers/login", ApiFixture.Json(new JsonObject { ["email"] = email.ToUpperInvariant(), ["password"] = ApiFixture.CustomerPassword }));
        await login.ExpectJsonAsync(HttpStatusCode.OK);
    }

    private static string LetterFor(string lookAlike) => lookAlike switch
    {
        "а" => "a",
        "ο" => "o",
        "İ" or "ı" => "i",
        _ => "e",
    };

    private static JsonObject Body(string email, string password) => new()
    {
        ["name"] = "Look Alike",
        ["email"] = email,
        ["password"] = password,
    };
}

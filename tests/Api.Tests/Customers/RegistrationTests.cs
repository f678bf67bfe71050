using System.Net;
using System.Text.Json.Nodes;
using EcommerceBackend.Api.Tests.Infrastructure;

namespace EcommerceBackend.Api.Tests.Customers;

[Collection(ApiCollection.Name)]
public sealed class RegistrationTests(ApiFixture app)
{
    private static JsonObject ValidBody(string email, string password = ApiFixture.CustomerPassword) => new()
    {
        ["name"] = "Jane Doe",
        ["email"] = email,
        ["password"] = password,
        ["phone"] = "+1 (555) 123-4567",
    };

    [Fact]
    public async Task Register_answers_201_with_the_customer_and_a_working_token_but_never_the_password_or_its_hash()
    {
        var email = ApiFixture.UniqueEmail();
        using var client = app.CreateClient();

        using var response = await client.PostAsync("/api/customers/register", ApiFixture.Json(ValidBody(email)));

        var body = await response.ExpectJsonAsync(HttpStatusCode.Created);
        var customer = body["customer"]!.AsObject();
        var id = customer["id"]!.GetValue<string>();
        Assert.Matches("^[0-9a-f]{24}$", id);
        Assert.Equal($"/api/customers/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("Jane Doe", customer["name"]!.GetValue<string>());
        Assert.Equal(email, customer["email"]!.GetValue<string>());
        Assert.Equal("+1 (555) 123-4567", customer["phone"]!.GetValue<string>());
        Assert.Equal("customer", customer["role"]!.GetValue<string>());
        AssertNoSecrets(body);

        var token = body["token"]!.GetValue<string>();
        var claims = TestTokens.Read(token);
        Assert.Equal(id, claims.Subject);
        Assert.Equal("customer", claims.GetClaim("role").Value);
        using var authorized = app.CreateClient(token);
        using var profile = await authorized.GetAsync($"/api/customers/{id}");
        AssertNoSecrets(await profile.ExpectJsonAsync(HttpStatusCode.OK));
    }

    [Fact]
    public async Task Register_of_an_email_taken_in_another_case_is_409_and_keeps_the_first_account()
    {
        var email = $"Mixed.{Guid.NewGuid():N}@Tests.Example";
        using var client = app.CreateClient();
        using var first = await client.PostAsync("/api/customers/register", ApiFixture.Json(ValidBody(email)));
        await first.ExpectJsonAsync(HttpStatusCode.Created);

        using var second = await client.PostAsync("/api/customers/register", ApiFixture.Json(ValidBody($"  {email.ToLowerInvariant()} ", "Other-Passw0rd")));

        await second.ExpectProblemAsync(HttpStatusCode.Conflict);
        using var oldPassword = await client.PostAsync("/api/customers/login", ApiFixture.Json(new JsonObject { ["email"] = email, ["password"] = ApiFixture.CustomerPassword }));
        await oldPassword.ExpectJsonAsync(HttpStatusCode.OK);
        using var newPassword = await client.PostAsync("/api/customers/login", ApiFixture.Json(new JsonObject { ["email"] = email, ["password"] = "Other-Passw0rd" }));
        await newPassword.ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Concurrent_registrations_of_one_email_give_exactly_one_201_and_409s_for_the_rest()
    {
        var email = ApiFixture.UniqueEmail();
        var passwords = Enumerable.Range(1, 4).Select(i => $"Racer{i}-Passw0rd").ToArray();
        using var client = app.CreateClient();
        using var start = new SemaphoreSlim(0);
        var attempts = passwords.Select(async (password, i) =>
        {
            await start.WaitAsync();
            // The same address in different spellings: they must still meet in one place.
            var spelled = i % 2 == 0 ? email : email.ToUpperInvariant();
            return await client.PostAsync("/api/customers/register", ApiFixture.Json(ValidBody(spelled, password)));
        }).ToList();
        start.Release(passwords.Length);

        var responses = await Task.WhenAll(attempts);

        try
        {
            var created = responses.Where(r => r.StatusCode == HttpStatusCode.Created).ToList();
            Assert.Single(created);
            foreach (var conflict in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
            {
                await conflict.ExpectProblemAsync(HttpStatusCode.Conflict);
            }

            // Only the winner's password opens the account.
            var winner = Array.IndexOf(responses, created[0]);
            for (var i = 0; i < passwords.Length; i++)
            {
                using var login = await client.PostAsync("/api/customers/login", ApiFixture.Json(new JsonObject { ["email"] = email, ["password"] = passwords[i] }));
                Assert.Equal(i == winner ? HttpStatusCode.OK : HttpStatusCode.Unauthorized, login.StatusCode);
            }
        }
        finally
        {
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }
    }

    [Theory]
    [InlineData("Sh0rtPw", "at least 8 characters")]
    [InlineData("no-upper-case-1", "upper-case letter")]
    [InlineData("NO-LOWER-CASE-1", "lower-case letter")]
    [InlineData("No-Digits-At-All", "digit")]
    [InlineData("LONG", "at most 128 characters")]
    public async Task Register_with_a_password_breaking_the_policy_is_400_naming_the_rule_and_creates_no_account(string password, string rule)
    {
        if (password == "LONG")
        {
            password = "Aa1" + new string('x', 126);
        }

        var email = ApiFixture.UniqueEmail();
        using var client = app.CreateClient();

        using var response = await client.PostAsync("/api/customers/register", ApiFixture.Json(ValidBody(email, password)));

        var problem = await response.ExpectValidationProblemAsync("password");
        Assert.Contains(rule, HttpAssertions.ErrorsOf(problem, "password"), StringComparison.Ordinal);
        await AssertEmailIsFreeAsync(email);
    }

    public static TheoryData<string, string, string> InvalidFields() => new()
    {
        // field, JSON value (or "<absent>"), the field the error is reported on
        { "name", "<absent>", "name" },
        { "name", "\"\"", "name" },
        { "name", "\"   \"", "name" },
        { "name", "null", "name" },
        { "name", Quoted(new string('n', 101)), "name" },
        { "name", "42", "name" },
        { "name", "[\"Jane\"]", "name" },
        { "password", "<absent>", "password" },
        { "password", "\"\"", "password" },
        { "password", "12345678", "password" },
        { "phone", "\"call me\"", "phone" },
        { "phone", "\"12\"", "phone" },
        { "phone", Quoted("+" + new string('1', 25)), "phone" },
        { "phone", "5551234567", "phone" },
        { "phone", "true", "phone" },
        { "unknown", "\"ignored\"", "" },
    };

    [Theory]
    [MemberData(nameof(InvalidFields))]
    public async Task Register_with_an_invalid_field_is_400_naming_it_and_creates_no_account(string field, string json, string reported)
    {
        var email = ApiFixture.UniqueEmail();
        var body = ValidBody(email);
        if (json == "<absent>")
        {
            body.Remove(field);
        }
        else
        {
            body[field] = JsonNode.Parse(json);
        }

        using var client = app.CreateClient();
        using var response = await client.PostAsync("/api/customers/register", ApiFixture.Json(body));

        if (reported.Length == 0)
        {
            // A control: an unknown field is ignored, so the request is otherwise good.
            await response.ExpectJsonAsync(HttpStatusCode.Created);
            return;
        }

        await response.ExpectValidationProblemAsync(reported);
        await AssertEmailIsFreeAsync(email);
    }

    [Theory]
    [InlineData("<absent>")]
    [InlineData("\"\"")]
    [InlineData("\"not-an-email\"")]
    [InlineData("\"two@at@tests.example\"")]
    [InlineData("\"no-dot@localhost\"")]
    [InlineData("\"spaces in@tests.example\"")]
    [InlineData("\"Jane <jane@tests.example>\"")]
    [InlineData("\"LONG\"")]
    [InlineData("7")]
    [InlineData("{\"address\":\"a@b.example\"}")]
    public async Task Register_with_an_invalid_email_is_400_naming_the_email(string json)
    {
        var body = ValidBody("placeholder@tests.example");
        if (json == "<absent>")
        {
            body.Remove("email");
        }
        else
        {
            body["email"] = json == "\"LONG\"" ? new string('e', 250) + "@tests.example" : JsonNode.Parse(json);
        }

        using var client = app.CreateClient();
        using var response = await client.PostAsync("/api/customers/register", ApiFixture.Json(body));

        await response.ExpectValidationProblemAsync("email");
    }

    [Fact]
    public async Task Register_with_an_empty_object_lists_every_required_field()
    {
        using var client = app.CreateClient();

        using var response = await client.PostAsync("/api/customers/register", ApiFixture.Json("{}"));

        await response.ExpectValidationProblemAsync("name", "email", "password");
    }

    [Theory]
    [InlineData("TRUNCATED")]
    [InlineData("TRAILING_COMMA")]
    [InlineData("SINGLE_QUOTES")]
    [InlineData("GARBAGE_AFTER")]
    [InlineData("[]")]
    [InlineData("\"text\"")]
    [InlineData("null")]
    [InlineData("")]
    public async Task Register_with_malformed_json_or_no_body_is_400_on_the_body_and_creates_no_account(string kind)
    {
        var email = ApiFixture.UniqueEmail();
        var valid = ValidBody(email).ToJsonString();
        var text = kind switch
        {
            "TRUNCATED" => valid[..^5],
            "TRAILING_COMMA" => valid[..^1] + ",}",
            "SINGLE_QUOTES" => valid.Replace('"', '\''),
            "GARBAGE_AFTER" => valid + " and more",
            _ => kind,
        };
        using var client = app.CreateClient();

        using var response = await client.PostAsync("/api/customers/register", ApiFixture.Json(text));

        await response.ExpectValidationProblemAsync("body");
        await AssertEmailIsFreeAsync(email);
    }

    [Fact]
    public async Task Register_with_a_non_json_content_type_is_415_and_creates_no_account()
    {
        var email = ApiFixture.UniqueEmail();
        using var client = app.CreateClient();

        using var response = await client.PostAsync(
            "/api/customers/register", new StringContent(ValidBody(email).ToJsonString(), System.Text.Encoding.UTF8, "text/plain"));

        await response.ExpectProblemAsync(HttpStatusCode.UnsupportedMediaType);
        await AssertEmailIsFreeAsync(email);
    }

    /// <summary>Proves no account holds the address: it can still be registered, with 201.</summary>
    private async Task AssertEmailIsFreeAsync(string email)
    {
        using var client = app.CreateClient();
        using var login = await client.PostAsync("/api/customers/login", ApiFixture.Json(new JsonObject { ["email"] = email, ["password"] = ApiFixture.CustomerPassword }));
        await login.ExpectProblemAsync(HttpStatusCode.Unauthorized);
        using var register = await client.PostAsync("/api/customers/register", ApiFixture.Json(ValidBody(email)));
        await register.ExpectJsonAsync(HttpStatusCode.Created);
    }

    private static void AssertNoSecrets(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj)
                {
                    Assert.DoesNotContain("password", name, StringComparison.OrdinalIgnoreCase);
                    Assert.DoesNotContain("hash", name, StringComparison.OrdinalIgnoreCase);
                    AssertNoSecrets(value);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    AssertNoSecrets(item);
                }

                break;
            case JsonValue value when value.TryGetValue<string>(out var text):
                Assert.DoesNotContain(ApiFixture.CustomerPassword, text, StringComparison.Ordinal);
                Assert.DoesNotContain("AQAAAA", text, StringComparison.Ordinal); // the prefix of an Identity v3 hash
                break;
        }
    }

    private static string Quoted(string text) => JsonValue.Create(text).ToJsonString();
}

using System.Net;
using System.Text;
using EcommerceBackend.Api.Tests.Infrastructure;
using EcommerceBackend.Api.Tests.Orders;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace EcommerceBackend.Api.Tests.Security;

/// <summary>
/// A token signed with the API's own secret, for the right issuer and audience, that names no one (no <c>sub</c>, or an
/// empty or blank one) is refused with 401 like any bad token: not a 500 on the caller's own inbox, not admin rights
/// acting for no one. The controls show the same token with a subject passes.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class SubjectlessTokenTests(ApiFixture app)
{
    /// <summary>A well-formed id that names no notification: the routes must refuse the caller before looking.</summary>
    private const string SomeNotificationId = "0123456789abcdef01234567";

    public static TheoryData<string?> MissingSubjects => [null, "", "   "];

    [Theory]
    [MemberData(nameof(MissingSubjects))]
    public async Task A_signed_token_without_a_subject_is_401_on_the_notification_routes(string? subject)
    {
        using var client = app.CreateClient(Token(subject, "customer"));

        using var list = await client.GetAsync("/api/notifications");
        using var readAll = await client.PostAsync("/api/notifications/read-all", content: null);
        using var read = await client.PostAsync($"/api/notifications/{SomeNotificationId}/read", content: null);

        await list.ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await readAll.ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await read.ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_same_token_with_a_subject_reads_its_inbox()
    {
        var customer = await app.RegisterCustomerAsync();
        using var client = app.CreateClient(Token(customer.Id, "customer"));

        using var list = await client.GetAsync("/api/notifications");
        using var readAll = await client.PostAsync("/api/notifications/read-all", content: null);

        await list.ExpectJsonAsync(HttpStatusCode.OK);
        await readAll.ExpectJsonAsync(HttpStatusCode.OK);
    }

    [Theory]
    [MemberData(nameof(MissingSubjects))]
    public async Task An_admin_token_without_a_subject_cannot_move_an_order(string? subject)
    {
        var customer = await app.RegisterCustomerAsync();
        var orderId = OrderApi.Id(await app.PlaceAsync(customer, new Line(await app.NewProductAsync(stock: 5), 1)));
        using var subjectless = app.CreateClient(Token(subject, "admin"));

        using var response = await subjectless.PatchStatusAsync(orderId, "confirmed");

        await response.ExpectProblemAsync(HttpStatusCode.Unauthorized);
        using var owner = app.CreateClient(customer.Token);
        using var order = await owner.GetAsync($"/api/orders/{orderId}");
        Assert.Equal("pending", OrderApi.StatusOf(await order.ExpectJsonAsync(HttpStatusCode.OK)));
    }

    [Fact]
    public async Task The_same_admin_token_with_the_admins_subject_moves_an_order()
    {
        var adminId = TestTokens.Read(await app.AdminTokenAsync()).Subject;
        var customer = await app.RegisterCustomerAsync();
        var orderId = OrderApi.Id(await app.PlaceAsync(customer, new Line(await app.NewProductAsync(stock: 5), 1)));
        using var admin = app.CreateClient(Token(adminId, "admin"));

        using var response = await admin.PatchStatusAsync(orderId, "confirmed");

        Assert.Equal("confirmed", OrderApi.StatusOf(await response.ExpectJsonAsync(HttpStatusCode.OK)));
    }

    /// <summary>Signed with the API's secret, right issuer and audience, valid for an hour; <c>sub</c> left out when null.</summary>
    private static string Token(string? subject, string role)
    {
        var claims = new Dictionary<string, object> { ["role"] = role };
        if (subject is not null)
        {
            claims["sub"] = subject;
        }

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = ApiFixture.JwtIssuer,
            Audience = ApiFixture.JwtAudience,
            Expires = DateTime.UtcNow.AddHours(1),
            Claims = claims,
            SigningCredentials = new SigningCredentials(
                new SymmetricSecurityKey(Encoding.UTF8.GetBytes(ApiFixture.JwtSecret)), SecurityAlgorithms.HmacSha256),
        });
    }
}

using System.Net;
using EcommerceBackend.Api.Tests.Infrastructure;

namespace EcommerceBackend.Api.Tests.Errors;

/// <summary>Errors the framework itself answers are problem details too.</summary>
[Collection(ApiCollection.Name)]
public sealed class ProblemDetailsTests(ApiFixture app)
{
    [Theory]
    [InlineData("/api/nothing-here")]
    [InlineData("/api/products/0123456789abcdef01234567/reviews")]
    public async Task An_unknown_route_is_a_404_problem(string path)
    {
        using var client = app.CreateClient();

        using var response = await client.GetAsync(path);

        await response.ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_method_a_route_does_not_take_is_a_405_problem()
    {
        using var client = app.CreateClient();

        using var response = await client.PatchAsync("/api/customers/register", ApiFixture.Json("{}"));

        await response.ExpectProblemAsync(HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task A_validation_problem_has_the_rfc_9457_members()
    {
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/api/products?page=0");

        var problem = await response.ExpectValidationProblemAsync("page");
        Assert.False(string.IsNullOrEmpty(problem["type"]?.GetValue<string>()));
        Assert.Equal("/api/products", problem["instance"]?.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(problem["traceId"]?.GetValue<string>()));
    }
}

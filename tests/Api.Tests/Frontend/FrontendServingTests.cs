using System.Net;
using EcommerceBackend.Api.Tests.Infrastructure;

namespace EcommerceBackend.Api.Tests.Frontend;

/// <summary>The API serves the built front end at <c>/</c> and keeps <c>/api</c> and <c>/hubs</c> its own.</summary>
[Collection(ApiCollection.Name)]
public sealed class FrontendServingTests(ApiFixture app)
{
    [Theory]
    [InlineData("/")]
    [InlineData("/orders")]
    [InlineData("/admin/products")]
    [InlineData("/products/0123456789abcdef01234567")]
    public async Task A_browser_route_answers_the_front_ends_index_page(string path)
    {
        using var client = app.CreateClient();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(ApiFixture.FrontendIndexMarker, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // A new build must reach browsers at once: the page is checked each time.
        Assert.True(response.Headers.CacheControl?.NoCache, $"GET {path} has Cache-Control '{response.Headers.CacheControl}'");
    }

    [Fact]
    public async Task An_asset_is_served_as_itself_and_may_be_cached_for_good()
    {
        using var client = app.CreateClient();

        using var response = await client.GetAsync($"/{ApiFixture.FrontendAsset}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("console.log('app');", await response.Content.ReadAsStringAsync());
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.MaxAge >= TimeSpan.FromDays(365), $"Cache-Control '{response.Headers.CacheControl}'");
    }

    [Theory]
    [InlineData("/assets/missing-0a1b2c3d.js")]
    [InlineData("/hubs/nothing-here")]
    [InlineData("/API/nothing-here")]
    public async Task A_missing_file_or_an_unknown_api_or_hub_route_is_a_404_problem_not_the_index_page(string path)
    {
        using var client = app.CreateClient();

        using var response = await client.GetAsync(path);

        await response.ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_index_page_does_not_take_other_methods()
    {
        using var client = app.CreateClient();

        using var response = await client.PostAsync("/orders", ApiFixture.Json("{}"));

        await response.ExpectProblemAsync(HttpStatusCode.MethodNotAllowed);
    }
}

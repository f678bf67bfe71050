using System.Net;
using System.Text.Json.Nodes;
using EcommerceBackend.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace EcommerceBackend.Api.Tests.ApiReference;

/// <summary>The OpenAPI document describes every route the application maps, and Scalar shows it when configured to.</summary>
[Collection(ApiCollection.Name)]
public sealed class OpenApiDocumentTests(ApiFixture app)
{
    [Fact]
    public async Task The_document_names_every_mapped_route_with_its_method()
    {
        var document = await DocumentAsync();
        var paths = document["paths"]!.AsObject().ToDictionary(p => Normalize(p.Key), p => p.Value!.AsObject());

        var mapped = MappedRoutes();

        Assert.True(mapped.Count > 30, $"Only {mapped.Count} routes were found mapped: the test does not see the application.");
        var missing = mapped.Where(r => !paths.TryGetValue(r.Path, out var item) || item[r.Method.ToLowerInvariant()] is null).ToList();
        Assert.True(missing.Count == 0, $"Routes missing from the document: {string.Join(", ", missing.Select(m => $"{m.Method} {m.Path}"))}");
    }

    [Fact]
    public async Task Every_operation_names_a_success_and_its_problem_answers_and_secured_ones_name_the_bearer_token()
    {
        var document = await DocumentAsync();
        Assert.Equal("http", document["components"]!["securitySchemes"]!["bearer"]!["type"]!.GetValue<string>());

        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject().Where(o => o.Key is "get" or "post" or "put" or "patch" or "delete"))
            {
                var responses = operation!["responses"]!.AsObject();
                Assert.True(responses.Any(r => r.Key.StartsWith('2')), $"{method} {path} names no success.");
                Assert.True(responses.ContainsKey("503"), $"{method} {path} does not say it may answer 503.");
            }
        }

        var place = Operation(document, "/api/orders", "post");
        Assert.Equal("bearer", place["security"]![0]!.AsObject().Single().Key);
        Assert.Equal(["201", "400", "401", "403", "404", "409", "422", "429", "503"], place["responses"]!.AsObject().Select(r => r.Key).Order());
        Assert.Equal("application/problem+json", place["responses"]!["409"]!["content"]!.AsObject().Single().Key);
        Assert.NotNull(place["requestBody"]!["content"]!["application/json"]!["schema"]);
        Assert.Contains(Parameters(place), p => p is ("Idempotency-Key", "header"));

        var list = Operation(document, "/api/products", "get");
        Assert.Null(list["security"]);
        Assert.Equal([("category", "query"), ("limit", "query"), ("page", "query")], Parameters(list).Order());

        var adminOrders = Operation(document, "/api/admin/orders", "get");
        Assert.NotNull(adminOrders["security"]);
        Assert.Equal(["customerId", "from", "limit", "minTotal", "page", "status", "to"], Parameters(adminOrders).Select(p => p.Name).Order(StringComparer.Ordinal));

        var health = Operation(document, "/api/health", "get");
        Assert.NotNull(health["responses"]!["200"]!["content"]!["application/json"]!["schema"]);
    }

    [Fact]
    public async Task The_reference_is_browsable_with_scalar_when_configured()
    {
        using var client = app.CreateClient();

        using var page = await client.GetAsync("/api/docs");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        // Scalar names the document relative to the application's root, which it finds from its own prefix.
        Assert.Contains("\"url\":\"api/openapi.json\"", html, StringComparison.Ordinal);
        using var script = await client.GetAsync("/api/docs/scalar.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Contains("javascript", script.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
    }

    private async Task<JsonObject> DocumentAsync()
    {
        using var client = app.CreateClient();
        using var response = await client.GetAsync("/api/openapi.json");
        return await response.ExpectJsonAsync(HttpStatusCode.OK);
    }

    /// <summary>Every method and route the application maps under /api and /health, except those it hides from descriptions.</summary>
    private List<(string Method, string Path)> MappedRoutes() =>
        [.. app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && (raw.StartsWith("/api", StringComparison.Ordinal) || raw.StartsWith("/health", StringComparison.Ordinal)))
            .Where(e => e.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is not { ExcludeFromDescription: true })
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [HttpMethods.Get]).Select(m => (m, Normalize(e.RoutePattern.RawText!))))
            .Distinct()];

    private static string Normalize(string path) => path.Length > 1 ? path.TrimEnd('/') : path;

    private static JsonObject Operation(JsonObject document, string path, string method) =>
        document["paths"]!.AsObject().Single(p => Normalize(p.Key) == path).Value![method]!.AsObject();

    private static List<(string Name, string In)> Parameters(JsonObject operation) =>
        [.. (operation["parameters"]?.AsArray() ?? []).Select(p => (p!["name"]!.GetValue<string>(), p["in"]!.GetValue<string>()))];
}

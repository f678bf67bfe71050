using System.Net;
using System.Text.Json.Nodes;

namespace EcommerceBackend.Api.Tests.Infrastructure;

/// <summary>Checks on responses that say what came back when they fail.</summary>
internal static class HttpAssertions
{
    public const string ProblemContentType = "application/problem+json";

    /// <summary>Asserts the status and a JSON object body, and returns the body.</summary>
    public static async Task<JsonObject> ExpectJsonAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{Describe(response)}: expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return Assert.IsType<JsonObject>(JsonNode.Parse(text));
    }

    /// <summary>Asserts an RFC 9457 problem with the status, and returns it.</summary>
    public static async Task<JsonObject> ExpectProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{Describe(response)}: expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.True(
            response.Content.Headers.ContentType?.MediaType == ProblemContentType,
            $"{Describe(response)}: expected {ProblemContentType}, got '{response.Content.Headers.ContentType}': {text}");
        var problem = Assert.IsType<JsonObject>(JsonNode.Parse(text));
        Assert.Equal((int)status, problem["status"]?.GetValue<int>());
        Assert.False(string.IsNullOrWhiteSpace(problem["title"]?.GetValue<string>()), $"The problem has no title: {text}");
        return problem;
    }

    /// <summary>Asserts a 400 problem whose <c>errors</c> name exactly <paramref name="fields"/>, each with a message.</summary>
    public static async Task<JsonObject> ExpectValidationProblemAsync(this HttpResponseMessage response, params string[] fields)
    {
        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest);
        var errors = Assert.IsType<JsonObject>(problem["errors"]);
        Assert.Equal(fields.Order(StringComparer.Ordinal), errors.Select(e => e.Key).Order(StringComparer.Ordinal));
        foreach (var (field, messages) in errors)
        {
            var list = Assert.IsType<JsonArray>(messages);
            Assert.True(list.Count > 0 && list.All(m => !string.IsNullOrWhiteSpace(m?.GetValue<string>())), $"Field {field} has no message: {problem}");
        }

        return problem;
    }

    /// <summary>The messages of one field of a validation problem, joined.</summary>
    public static string ErrorsOf(JsonObject problem, string field) =>
        string.Join(" ", problem["errors"]![field]!.AsArray().Select(m => m!.GetValue<string>()));

    /// <summary>The ids of a page of products, in order.</summary>
    public static List<string> Ids(JsonObject page) =>
        page["items"]!.AsArray().Select(p => p!["id"]!.GetValue<string>()).ToList();

    public static int Total(JsonObject page) => page["total"]!.GetValue<int>();

    private static string Describe(HttpResponseMessage response) =>
        $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}";
}

using System.Net;
using System.Net.Http.Headers;
using System.Text;
using EcommerceBackend.Api.Tests.Infrastructure;

namespace EcommerceBackend.Api.Tests.Errors;

/// <summary>Odd input thrown at every route: whatever it is, the answer is a 4xx problem, never a 5xx.</summary>
[Collection(ApiCollection.Name)]
public sealed class NoServerErrorTests(ApiFixture app)
{
    private static readonly string[] Bodies =
    [
        "", " ", "{", "}", "[]", "[{}]", "null", "true", "0", "-1", "\"\"", "\"\\u0000\"", "{\"\":\"\"}",
        "{\"name\":\"\\ud800\"}", "{\"price\":\"NaN\"}", "{\"price\":1e400}", "{\"stock\":-9223372036854775809}",
        "{\"email\":[],\"password\":{}}", "{\"images\":[[]]}", "{\"images\":{\"0\":\"https://x.example\"}}",
        "{\"name\":\"x\",\"name\":1}", "/* comment */ {}", new string('[', 300) + new string(']', 300),
        "{\"a\":" + new string('{', 100) + new string('}', 100) + "}",
    ];

    private static readonly string[] ContentTypes =
    [
        "application/json", "application/json; charset=utf-16", "application/json; charset=nonsense", "application/problem+json",
        "text/json", "multipart/form-data; boundary=x", "application/octet-stream",
    ];

    public static TheoryData<string, string, bool> WriteRoutes() => new()
    {
        { "POST", "/api/customers/register", false },
        { "POST", "/api/customers/login", false },
        { "POST", "/api/products", true },
        { "PUT", "/api/products/0123456789abcdef01234567", true },
    };

    [Theory]
    [MemberData(nameof(WriteRoutes))]
    public async Task Odd_bodies_and_content_types_get_a_4xx_problem(string method, string path, bool asAdmin)
    {
        using var client = asAdmin ? await app.CreateAdminClientAsync() : app.CreateClient();
        var failures = new List<string>();

        foreach (var contentType in ContentTypes)
        {
            foreach (var body in Bodies)
            {
                var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
                content.Headers.TryAddWithoutValidation("Content-Type", contentType);
                using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = content };
                using var response = await client.SendAsync(request);
                await Check(response, $"{contentType} {body[..Math.Min(body.Length, 40)]}", failures);
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Theory]
    [InlineData("/api/products")]
    [InlineData("/api/products/search")]
    public async Task Odd_queries_get_a_2xx_or_a_4xx_problem(string path)
    {
        using var client = app.CreateClient();
        var failures = new List<string>();
        string[] queries =
        [
            "q=%00", "q=%ZZ", "q=%C3", "q=%ED%A0%80", "q=" + new string('x', 5000), "category=%00", "category=%F0%9F%98%80",
            "page=%00", "limit=%EF%BC%91", "page=1e3", "page=0x10", "limit=1,2", "page[]=1", "q[]=a", "q=a&q=b",
            "limit=2147483648", "page=-2147483649", "category=" + Uri.EscapeDataString("' OR 1=1 --"), "q=" + Uri.EscapeDataString("{\"$gt\":\"\"}"),
        ];

        foreach (var query in queries)
        {
            using var response = await client.GetAsync($"{path}?{query}");
            if (response.IsSuccessStatusCode)
            {
                continue;
            }

            await Check(response, query, failures);
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Theory]
    [InlineData("/api/products/%F0%9F%98%80")]
    [InlineData("/api/products/..%2F..%2Fcustomers")]
    [InlineData("/api/products/%20")]
    [InlineData("/api/customers/..")]
    public async Task Odd_ids_get_a_4xx_problem(string path)
    {
        using var admin = await app.CreateAdminClientAsync();
        var failures = new List<string>();

        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Put, HttpMethod.Delete })
        {
            using var request = new HttpRequestMessage(method, path) { Content = method == HttpMethod.Put ? ApiFixture.Json("""{"stock":1}""") : null };
            using var response = await admin.SendAsync(request);
            await Check(response, method.Method, failures);
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Theory]
    [InlineData("/api/products/%00")]
    [InlineData("/api/customers/%00")]
    public async Task A_path_with_an_encoded_nul_is_refused_with_400(string path)
    {
        // Kestrel refuses such a request target before the application sees it, so this 400 has no problem body.
        using var admin = await app.CreateAdminClientAsync();

        using var response = await admin.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private static async Task Check(HttpResponseMessage response, string what, List<string> failures)
    {
        var status = (int)response.StatusCode;
        var type = response.Content.Headers.ContentType?.MediaType;
        if (status is < 400 or >= 500 || type != HttpAssertions.ProblemContentType)
        {
            failures.Add($"{response.RequestMessage!.Method} {response.RequestMessage.RequestUri!.PathAndQuery} [{what}] → {status} {type}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}

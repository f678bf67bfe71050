using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using EcommerceBackend.Api.Tests.Infrastructure;

namespace EcommerceBackend.Api.Tests.Errors;

/// <summary>Bodies over <c>Api:MaxRequestBodyBytes</c> (65536 in the fixture) get 413 and change nothing.</summary>
[Collection(ApiCollection.Name)]
public sealed class BodyLimitTests(ApiFixture app)
{
    /// <summary>A good product body padded with an ignored field to <paramref name="size"/> bytes.</summary>
    private static byte[] PaddedProduct(string category, int size)
    {
        var body = new JsonObject { ["name"] = "Padded", ["price"] = 1, ["stock"] = 1, ["category"] = category, ["padding"] = "" };
        var padding = size - Encoding.UTF8.GetByteCount(body.ToJsonString());
        body["padding"] = new string('p', padding);
        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
        Assert.Equal(size, bytes.Length);
        return bytes;
    }

    [Fact]
    public async Task A_body_of_exactly_the_limit_is_accepted()
    {
        // The control: the padding is ignored, so the cases below fail on size alone.
        var category = ApiFixture.UniqueCategory();
        using var admin = await app.CreateAdminClientAsync();

        using var response = await admin.PostAsync("/api/products", JsonBytes(PaddedProduct(category, ApiFixture.MaxRequestBodyBytes)));

        await response.ExpectJsonAsync(HttpStatusCode.Created);
        Assert.Equal(1, HttpAssertions.Total(await app.ListCategoryAsync(category)));
    }

    [Fact]
    public async Task A_body_over_the_limit_with_a_content_length_is_413_and_creates_nothing()
    {
        var category = ApiFixture.UniqueCategory();
        using var admin = await app.CreateAdminClientAsync();

        using var response = await admin.PostAsync("/api/products", JsonBytes(PaddedProduct(category, ApiFixture.MaxRequestBodyBytes + 1)));

        await response.ExpectProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(0, HttpAssertions.Total(await app.ListCategoryAsync(category)));
    }

    [Fact]
    public async Task A_chunked_body_growing_over_the_limit_is_413_and_creates_nothing()
    {
        var category = ApiFixture.UniqueCategory();
        var token = await app.AdminTokenAsync();
        // Its own connection: the server closes it after refusing the body.
        using var handler = new SocketsHttpHandler();
        using var client = new HttpClient(handler) { BaseAddress = app.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/products") { Content = new UnknownLengthContent(PaddedProduct(category, ApiFixture.MaxRequestBodyBytes + 4096)) };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);

        using var response = await client.SendAsync(request);

        Assert.True(request.Headers.TransferEncodingChunked is true || request.Content.Headers.ContentLength is null);
        await response.ExpectProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(0, HttpAssertions.Total(await app.ListCategoryAsync(category)));
    }

    [Fact]
    public async Task A_registration_over_the_limit_is_413_and_creates_no_account()
    {
        var email = ApiFixture.UniqueEmail();
        var body = new JsonObject
        {
            ["name"] = "Big Body",
            ["email"] = email,
            ["password"] = ApiFixture.CustomerPassword,
            ["padding"] = new string('p', ApiFixture.MaxRequestBodyBytes),
        };
        using var client = app.CreateClient();

        using var response = await client.PostAsync("/api/customers/register", ApiFixture.Json(body));

        await response.ExpectProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        using var login = await client.PostAsync("/api/customers/login", ApiFixture.Json(new JsonObject { ["email"] = email, ["password"] = ApiFixture.CustomerPassword }));
        await login.ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    private static ByteArrayContent JsonBytes(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        return content;
    }

    /// <summary>Content that does not say its length, so it is sent chunked and only the server's reading can stop it.</summary>
    private sealed class UnknownLengthContent : HttpContent
    {
        private readonly byte[] _bytes;

        public UnknownLengthContent(byte[] bytes)
        {
            _bytes = bytes;
            Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            // In pieces, as a streaming client would send it.
            for (var offset = 0; offset < _bytes.Length; offset += 8192)
            {
                await stream.WriteAsync(_bytes.AsMemory(offset, Math.Min(8192, _bytes.Length - offset)));
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}

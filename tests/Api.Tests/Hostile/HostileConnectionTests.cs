using System.Net;
using System.Text;
using EcommerceBackend.Api.Tests.Infrastructure;

namespace EcommerceBackend.Api.Tests.Hostile;

/// <summary>What a refused request leaves of its connection: nothing the next request on it can trip over.</summary>
[Collection(ApiCollection.Name)]
public sealed class HostileConnectionTests(ApiFixture app)
{
    [Fact]
    public async Task A_body_refused_with_413_from_its_declared_length_closes_the_connection_so_the_next_request_gets_a_fresh_one()
    {
        // One connection, reused whenever the server lets it be. The campaign (seed 1, #3342-3343) once saw the request after
        // such a 413 fail with "the response ended prematurely": the server had read on into the unread body and dropped
        // the connection the client was told it could keep.
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 1 };
        using var client = new HttpClient(handler) { BaseAddress = app.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new("Bearer", await app.AdminTokenAsync());
        var body = new ByteArrayContent(Encoding.UTF8.GetBytes($$"""{"name":"{{new string('x', ApiFixture.MaxRequestBodyBytes)}}"}"""));
        body.Headers.ContentType = new("application/json");

        using var refused = await client.PutAsync("/api/products/0123456789abcdef01234567", body);
        await refused.ExpectProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.True(refused.Headers.ConnectionClose == true, $"The 413 does not close its connection: {refused.Headers}");

        for (var i = 0; i < 20; i++)
        {
            using var next = await client.GetAsync("/api/health");
            Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        }
    }
}

using System.Net;
using EcommerceBackend.Api.Tests.Infrastructure;

namespace EcommerceBackend.Api.Tests.Health;

[Collection(ApiCollection.Name)]
public sealed class HealthTests(ApiFixture app)
{
    [Fact]
    public async Task Health_is_200_ok_with_a_timestamp_and_one_running_silo_in_embedded_mode()
    {
        using var client = app.CreateClient();
        var before = DateTimeOffset.UtcNow;

        using var response = await client.GetAsync("/api/health");

        var body = await response.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("ok", body["status"]!.GetValue<string>());
        Assert.Equal("embedded", body["mode"]!.GetValue<string>());
        var timestamp = DateTimeOffset.Parse(body["timestamp"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(timestamp, before.AddSeconds(-5), DateTimeOffset.UtcNow.AddSeconds(5));

        var services = body["services"]!.AsObject();
        var silos = services["silo-cluster"]!.AsObject();
        Assert.Equal("running", silos["status"]!.GetValue<string>());
        Assert.Equal(1, silos["activeSilos"]!.GetValue<int>());
        // Embedded mode has no Redis, so it reports none.
        Assert.False(services.ContainsKey("redis"), $"Embedded mode reported a redis component: {body}");
    }

    [Fact]
    public async Task Health_needs_no_token()
    {
        using var client = app.CreateClient("not-a-token");

        using var response = await client.GetAsync("/api/health");

        await response.ExpectJsonAsync(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("/api/health")]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_answers_only_reads_and_refuses_a_post_with_a_405_problem(string path)
    {
        using var client = app.CreateClient();

        using var response = await client.PostAsync(path, content: null);

        await response.ExpectProblemAsync(HttpStatusCode.MethodNotAllowed);
    }
}

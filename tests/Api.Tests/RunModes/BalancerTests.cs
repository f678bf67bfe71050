using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using EcommerceBackend.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Orleans.Streaming.RabbitMQ.Tests.Infrastructure;

namespace EcommerceBackend.Api.Tests.RunModes;

/// <summary>The balancer (<c>dotnet EcommerceBackend.Balancer.dll</c>) in front of two stand-in API nodes on loopback.</summary>
[Collection(ProcessCollection.Name)]
public sealed class BalancerTests : IAsyncLifetime
{
    private readonly List<HostProcess> _processes = [];
    private readonly List<WebApplication> _nodes = [];
    private readonly string _folder = Directory.CreateTempSubdirectory("balancer-tests-").FullName;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            process.Dispose();
        }

        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task It_spreads_requests_over_the_healthy_nodes_of_its_file_and_follows_the_file_when_it_changes()
    {
        var ports = FreePorts.Take(3);
        var a = await NodeAsync("A", ports[1]);
        var b = await NodeAsync("B", ports[2]);
        var file = Path.Combine(_folder, "nodes.json");
        WriteNodes(file, a);
        var balancer = Start(new()
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{ports[0]}",
            ["Balancer__DestinationsFile"] = file,
            ["Balancer__HealthCheckInterval"] = "00:00:00.500",
        });
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ports[0]}"), Timeout = TimeSpan.FromSeconds(10) };

        await HealthyAsync(client, balancer, [a]);
        Assert.Equal(["A"], await AnswersAsync(client, 4));

        // A second node: both take requests, in turn.
        WriteNodes(file, a, b);
        await HealthyAsync(client, balancer, [a, b]);
        Assert.Equal(["A", "B"], await AnswersAsync(client, 4));

        // The first leaves the file: no request reaches it any more.
        WriteNodes(file, b);
        await HealthyAsync(client, balancer, [b]);
        Assert.Equal(["B"], await AnswersAsync(client, 4));
    }

    [Fact]
    public async Task A_node_list_it_cannot_use_stops_it_with_a_message_naming_the_setting()
    {
        var balancer = Start(new()
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{FreePorts.Take(1)[0]}",
            ["Balancer__Destinations__0"] = "not-a-url",
        });

        var exitCode = await balancer.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exitCode);
        Assert.Contains("Balancer:Destinations must hold http(s) URLs (was 'not-a-url')", balancer.Output, StringComparison.Ordinal);
    }

    private HostProcess Start(Dictionary<string, string> environment)
    {
        var process = HostProcess.Start("balancer", RepoLayout.BalancerDll, environment);
        _processes.Add(process);
        return process;
    }

    /// <summary>A stand-in API node: healthy, and answering its name.</summary>
    private async Task<string> NodeAsync(string name, int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var node = builder.Build();
        node.MapGet("/health/ready", () => Results.Ok());
        node.MapGet("/whoami", () => name);
        await node.StartAsync();
        _nodes.Add(node);
        return $"http://127.0.0.1:{port}";
    }

    /// <summary>Writes the node list as cluster.sh does: a new file renamed over the old, never half written.</summary>
    private static void WriteNodes(string file, params string[] nodes)
    {
        var body = new JsonObject { ["Balancer"] = new JsonObject { ["Destinations"] = new JsonArray(nodes.Select(n => (JsonNode)n).ToArray()) } };
        File.WriteAllText(file + ".tmp", body.ToJsonString());
        File.Move(file + ".tmp", file, overwrite: true);
    }

    private static Task HealthyAsync(HttpClient client, HostProcess balancer, string[] nodes) => Eventually.Until(
        $"the balancer to route to exactly {string.Join(", ", nodes)}, each healthy",
        async () =>
        {
            Assert.False(balancer.HasExited, $"The balancer exited.\n{balancer.Output}");
            using var response = await client.GetAsync("/balancer/health");
            return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["nodes"]!.AsArray()
                .Where(n => n!["active"]!.GetValue<string>() == "healthy").Select(n => n!["address"]!.GetValue<string>()).Order(StringComparer.Ordinal).ToList();
        },
        healthy => healthy.SequenceEqual(nodes.Order(StringComparer.Ordinal)),
        TimeSpan.FromSeconds(30));

    private static async Task<List<string>> AnswersAsync(HttpClient client, int requests)
    {
        var answers = new List<string>();
        for (var i = 0; i < requests; i++)
        {
            using var response = await client.GetAsync("/whoami");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            answers.Add(await response.Content.ReadAsStringAsync());
        }

        return answers.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }
}

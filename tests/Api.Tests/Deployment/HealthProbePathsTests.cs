using System.Net;
using EcommerceBackend.Api.Tests.Infrastructure;

namespace EcommerceBackend.Api.Tests.Deployment;

/// <summary>What the API image's health check and the Kubernetes probes ask for is what a healthy API node answers 200 to.</summary>
[Collection(ApiCollection.Name)]
public sealed class HealthProbePathsTests(ApiFixture app)
{
    [Fact]
    public async Task The_paths_the_api_image_and_manifests_probe_answer_200_on_a_healthy_node()
    {
        var paths = new HashSet<string>(StringComparer.Ordinal) { DeploymentFiles.HealthCheck(DeploymentFiles.DockerfileStages(), "api")![3] };
        foreach (var document in DeploymentFiles.KubernetesDocuments().Where(d => d["kind"]?.GetValue<string>() == "Deployment"))
        {
            var container = document["spec"]!["template"]!["spec"]!["containers"]![0]!;
            foreach (var probe in new[] { "startupProbe", "readinessProbe", "livenessProbe" })
            {
                if (container[probe]?["httpGet"]?["path"]?.GetValue<string>() is { } path)
                {
                    paths.Add(path);
                }
            }
        }

        using var client = app.CreateClient();
        foreach (var path in paths)
        {
            using var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} answered {(int)response.StatusCode}");
        }

        Assert.Subset(paths, new HashSet<string>(StringComparer.Ordinal) { "/health/ready", "/health/live" });
    }
}

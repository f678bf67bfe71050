using System.Globalization;
using System.Text.Json.Nodes;
using EcommerceBackend.ClusterHosting;
using EcommerceBackend.Silo;
using Orleans.Hosting.Kubernetes;

namespace EcommerceBackend.Api.Tests.Deployment;

/// <summary>
/// <c>deploy/kubernetes</c>, parsed (no cluster runs here): silos on Kubernetes hosting with the rights it needs, probes on
/// ports and paths the hosts serve, a disruption budget per workload, grace periods longer than the hosts' shutdown.
/// </summary>
public sealed class KubernetesManifestsTests
{
    private readonly List<JsonObject> _documents = DeploymentFiles.KubernetesDocuments();

    [Fact]
    public void The_kustomization_lists_every_manifest()
    {
        var listed = _documents.Single(d => Text(d["kind"]) == "Kustomization")["resources"]!.AsArray().Select(r => Text(r)).Order(StringComparer.Ordinal);
        var files = Directory.GetFiles(DeploymentFiles.Path("deploy", "kubernetes"), "*.yaml").Select(Path.GetFileName).Where(f => f != "kustomization.yaml").Order(StringComparer.Ordinal);

        Assert.Equal(files, listed);
    }

    [Fact]
    public void Every_variable_a_manifest_gives_a_host_is_one_the_host_reads()
    {
        foreach (var (deployment, container) in Containers())
        {
            foreach (var variable in Environment(container).Keys)
            {
                Assert.True(KnownSettings.Unknown(variable) is null, $"{deployment}: {KnownSettings.Unknown(variable)}");
            }
        }
    }

    [Fact]
    public void Silos_use_kubernetes_hosting_with_their_pod_identity_and_may_read_and_delete_pods()
    {
        var silo = Deployment("ecommerce-silo");
        var container = Container(silo);
        var env = container["env"]!.AsArray().Select(e => e!.AsObject()).ToDictionary(e => Text(e["name"]), StringComparer.Ordinal);
        var labels = silo["spec"]!["template"]!["metadata"]!["labels"]!.AsObject();

        Assert.Equal(KubernetesMembership.Kubernetes, Text(env[KubernetesMembership.Setting.Replace(":", "__", StringComparison.Ordinal)]["value"]));
        Assert.Equal("metadata.name", FieldPath(env[KubernetesHostingOptions.PodNameEnvironmentVariable]));
        Assert.Equal("metadata.namespace", FieldPath(env[KubernetesHostingOptions.PodNamespaceEnvironmentVariable]));
        Assert.Equal("status.podIP", FieldPath(env[KubernetesHostingOptions.PodIPEnvironmentVariable]));

        // The cluster identity from the pod's labels is the one the settings give, so every process agrees.
        var config = ConfigMap();
        Assert.Equal($"metadata.labels['{KubernetesHostingOptions.ClusterIdLabel}']", FieldPath(env[KubernetesHostingOptions.ClusterIdEnvironmentVariable]));
        Assert.Equal($"metadata.labels['{KubernetesHostingOptions.ServiceIdLabel}']", FieldPath(env[KubernetesHostingOptions.ServiceIdEnvironmentVariable]));
        Assert.Equal(Text(config["Cluster__ClusterId"]), Text(labels[KubernetesHostingOptions.ClusterIdLabel]));
        Assert.Equal(Text(config["Cluster__ServiceId"]), Text(labels[KubernetesHostingOptions.ServiceIdLabel]));

        // Its service account is bound to a role that reads the pod list and deletes pods of dead silos.
        var account = Text(silo["spec"]!["template"]!["spec"]!["serviceAccountName"]);
        Assert.Contains(_documents, d => Text(d["kind"]) == "ServiceAccount" && Text(d["metadata"]!["name"]) == account);
        var binding = _documents.Single(d => Text(d["kind"]) == "RoleBinding" && d["subjects"]!.AsArray().Any(s => Text(s!["name"]) == account));
        var role = _documents.Single(d => Text(d["kind"]) == "Role" && Text(d["metadata"]!["name"]) == Text(binding["roleRef"]!["name"]));
        var podRights = role["rules"]!.AsArray().Where(r => r!["resources"]!.AsArray().Any(x => Text(x) == "pods")).SelectMany(r => r!["verbs"]!.AsArray().Select(v => Text(v)));
        Assert.Subset(podRights.ToHashSet(), new HashSet<string> { "get", "list", "watch", "delete" });
    }

    [Fact]
    public void Container_ports_are_the_ones_the_hosts_listen_on_and_every_probe_uses_one_of_them()
    {
        var defaults = new ClusterHostingOptions();
        Assert.Equal(
            new Dictionary<string, int> { ["silo"] = defaults.SiloPort, ["gateway"] = defaults.GatewayPort },
            Ports(Container(Deployment("ecommerce-silo"))));
        var api = Container(Deployment("ecommerce-api"));
        Assert.Equal(new Dictionary<string, int> { ["http"] = DeploymentFiles.ListeningPort(Text(Environment(api)["ASPNETCORE_URLS"]["value"])) }, Ports(api));

        foreach (var (deployment, container) in Containers())
        {
            foreach (var probe in new[] { "startupProbe", "readinessProbe", "livenessProbe" })
            {
                var check = container[probe] as JsonObject;
                Assert.True(check is not null, $"{deployment} has no {probe}");
                var port = Text((check!["httpGet"] ?? check["tcpSocket"])!["port"]);
                Assert.True(Ports(container).ContainsKey(port), $"{deployment}'s {probe} uses port '{port}', which the container does not name");
            }
        }
    }

    [Fact]
    public void Every_workload_has_a_disruption_budget_and_a_grace_period_longer_than_its_shutdown()
    {
        foreach (var deployment in _documents.Where(d => Text(d["kind"]) == "Deployment"))
        {
            var name = Text(deployment["metadata"]!["name"]);
            var labels = deployment["spec"]!["template"]!["metadata"]!["labels"]!.AsObject();
            var budgets = _documents.Where(d => Text(d["kind"]) == "PodDisruptionBudget" && Selects(d["spec"]!["selector"]!["matchLabels"]!.AsObject(), labels)).ToList();
            Assert.True(budgets.Count == 1, $"{name} has {budgets.Count} disruption budgets");

            var container = Container(deployment);
            var shutdown = int.Parse(Text(Environment(container)["DOTNET_SHUTDOWNTIMEOUTSECONDS"]["value"]), CultureInfo.InvariantCulture);
            var preStop = container["lifecycle"]?["preStop"]?["exec"]?["command"]?.AsArray() is { } command && Text(command[0]) == "sleep"
                ? int.Parse(Text(command[1]), CultureInfo.InvariantCulture)
                : 0;
            var grace = int.Parse(Text(deployment["spec"]!["template"]!["spec"]!["terminationGracePeriodSeconds"]), CultureInfo.InvariantCulture);
            Assert.True(grace > preStop + shutdown, $"{name}: a grace period of {grace} s is not longer than preStop {preStop} s + shutdown {shutdown} s");
        }
    }

    [Fact]
    public void The_api_service_selects_the_api_pods_and_every_referenced_config_map_exists()
    {
        var service = _documents.Single(d => Text(d["kind"]) == "Service" && Text(d["metadata"]!["name"]) == "ecommerce-api");
        var api = Deployment("ecommerce-api");
        Assert.True(Selects(service["spec"]!["selector"]!.AsObject(), api["spec"]!["template"]!["metadata"]!["labels"]!.AsObject()));
        Assert.All(service["spec"]!["ports"]!.AsArray(), p => Assert.True(Ports(Container(api)).ContainsKey(Text(p!["targetPort"]))));

        var configMaps = _documents.Where(d => Text(d["kind"]) == "ConfigMap").Select(d => Text(d["metadata"]!["name"])).ToHashSet(StringComparer.Ordinal);
        var scaling = File.ReadAllText(DeploymentFiles.Path("docs", "SCALING.md"));
        foreach (var (deployment, container) in Containers())
        {
            Assert.All(container["envFrom"]!.AsArray(), e => Assert.Contains(Text(e!["configMapRef"]!["name"]), configMaps));
            foreach (var secret in container["env"]!.AsArray().Select(e => e!["valueFrom"]?["secretKeyRef"]).OfType<JsonObject>())
            {
                // Secrets are made by hand; the guide says how, key by key.
                Assert.True(scaling.Contains($"--from-literal={Text(secret["key"])}=", StringComparison.Ordinal), $"{deployment}: docs/SCALING.md does not say how to create the secret key {secret["key"]}");
            }
        }
    }

    private JsonObject Deployment(string name) =>
        _documents.Single(d => Text(d["kind"]) == "Deployment" && Text(d["metadata"]!["name"]) == name);

    private static JsonObject Container(JsonObject deployment) =>
        deployment["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Single()!.AsObject();

    private IEnumerable<(string Deployment, JsonObject Container)> Containers() =>
        _documents.Where(d => Text(d["kind"]) == "Deployment").Select(d => (Text(d["metadata"]!["name"]), Container(d)));

    private JsonObject ConfigMap() => _documents.Single(d => Text(d["kind"]) == "ConfigMap")["data"]!.AsObject();

    /// <summary>Name → the entry giving it: the container's own <c>env</c>, and the keys of the config maps it takes whole.</summary>
    private Dictionary<string, JsonObject> Environment(JsonObject container)
    {
        var variables = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var source in container["envFrom"]?.AsArray() ?? [])
        {
            var map = _documents.Single(d => Text(d["kind"]) == "ConfigMap" && Text(d["metadata"]!["name"]) == Text(source!["configMapRef"]!["name"]));
            foreach (var (key, value) in map["data"]!.AsObject())
            {
                variables[key] = new JsonObject { ["name"] = key, ["value"] = Text(value) };
            }
        }

        foreach (var entry in container["env"]?.AsArray() ?? [])
        {
            variables[Text(entry!["name"])] = entry.AsObject();
        }

        return variables;
    }

    private static Dictionary<string, int> Ports(JsonObject container) =>
        container["ports"]!.AsArray().ToDictionary(p => Text(p!["name"]), p => int.Parse(Text(p!["containerPort"]), CultureInfo.InvariantCulture), StringComparer.Ordinal);

    private static string FieldPath(JsonObject variable) => Text(variable["valueFrom"]?["fieldRef"]?["fieldPath"]);

    private static bool Selects(JsonObject selector, JsonObject labels) =>
        selector.All(s => labels[s.Key] is { } value && Text(value) == Text(s.Value));

    private static string Text(JsonNode? node) => node?.GetValue<string>() ?? "";
}

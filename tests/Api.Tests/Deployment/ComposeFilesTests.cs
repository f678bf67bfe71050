extern alias balancer;
using System.Text.Json.Nodes;
using balancer::EcommerceBackend.Balancer;
using EcommerceBackend.ClusterHosting;

namespace EcommerceBackend.Api.Tests.Deployment;

/// <summary>
/// <c>docker-compose.yml</c> and <c>docker-compose.test.yml</c>, as Debian's <c>docker-compose config</c> resolves them
/// (no container engine runs here): every service, port and variable they name exists in the code and the other files.
/// </summary>
public sealed class ComposeFilesTests
{
    private static readonly string[] Files = ["docker-compose.yml", "docker-compose.test.yml"];

    /// <summary>The ports the servers' official images listen on.</summary>
    private static readonly Dictionary<string, int[]> ImagePorts = new(StringComparer.Ordinal)
    {
        ["redis"] = [6379],
        ["rabbitmq"] = [5672, 15672],
        ["mongo"] = [27017],
    };

    [Fact]
    public void The_compose_file_runs_mongodb_redis_with_its_append_only_file_rabbitmq_with_its_ui_two_silos_two_api_nodes_and_the_balancer_on_5000()
    {
        var services = Services("docker-compose.yml");

        Assert.Equal(["api-1", "api-2", "balancer", "mongo", "rabbitmq", "redis", "silo-1", "silo-2"], services.Select(s => s.Key).Order(StringComparer.Ordinal));
        Assert.Equal(["silo-1", "silo-2"], Targeting(services, "silo"));
        Assert.Equal(["api-1", "api-2"], Targeting(services, "api"));
        Assert.Equal(["balancer"], Targeting(services, "balancer"));
        Assert.Contains("--appendonly yes", string.Join(' ', services["redis"]["command"]!.AsArray().Select(w => w!.GetValue<string>())), StringComparison.Ordinal);
        Assert.StartsWith("rabbitmq:", Text(services["rabbitmq"]["image"]), StringComparison.Ordinal);
        Assert.EndsWith("-management", Text(services["rabbitmq"]["image"]), StringComparison.Ordinal);
        Assert.Contains(Published(services["rabbitmq"]), p => p.Published == 15672);
        Assert.Equal([(5000, 8080)], Published(services["balancer"]));

        // The balancer spreads over both API nodes.
        var destinations = Environment(services["balancer"]).Where(e => e.Key.StartsWith("Balancer__Destinations__", StringComparison.Ordinal)).Select(e => new Uri(e.Value).Host);
        Assert.Equal(["api-1", "api-2"], destinations.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_variable_a_compose_file_gives_a_host_is_one_the_host_reads()
    {
        var entrypoint = File.ReadAllText(DeploymentFiles.Path("deploy", "rabbitmq", "entrypoint.sh"));
        foreach (var file in Files)
        {
            foreach (var (name, service) in Services(file))
            {
                foreach (var variable in Environment(service).Keys)
                {
                    if (service["build"] is not null)
                    {
                        Assert.True(KnownSettings.Unknown(variable) is null, $"{file}, {name}: {KnownSettings.Unknown(variable)}");
                    }
                    else
                    {
                        // The broker's variables are read by its entrypoint script.
                        Assert.True(name == "rabbitmq" && entrypoint.Contains($"${{{variable}", StringComparison.Ordinal), $"{file}, {name}: nothing reads {variable}");
                    }
                }
            }
        }
    }

    [Fact]
    public void Every_service_port_target_and_file_a_compose_file_names_exists()
    {
        var stages = DeploymentFiles.DockerfileStages();
        foreach (var file in Files)
        {
            var services = Services(file);
            foreach (var (name, service) in services)
            {
                if (service["build"] is JsonObject build)
                {
                    Assert.True(stages.ContainsKey(Text(build["target"])), $"{file}, {name}: the Dockerfile has no stage '{build["target"]}'");
                }

                // Addresses in settings name a service of the file, on a port that service listens on.
                foreach (var (variable, value) in Environment(service))
                {
                    // (http addresses are the balancer's nodes; others, such as the browsers' CORS origins, are not ours to reach.)
                    if (Uri.TryCreate(value, UriKind.Absolute, out var uri)
                        && (uri.Scheme is "redis" or "amqp" or "mongodb" || (uri.Scheme == "http" && variable.StartsWith("Balancer__Destinations__", StringComparison.Ordinal))))
                    {
                        Assert.True(services.ContainsKey(uri.Host), $"{file}, {name}: {variable} names '{uri.Host}', not a service of the file");
                        var port = uri.IsDefaultPort || uri.Port < 0 ? DefaultPort(uri.Scheme) : uri.Port;
                        Assert.True(ListensOn(services[uri.Host], stages).Contains(port), $"{file}, {name}: {variable} expects {uri.Host} on port {port}");
                    }
                }

                foreach (var (published, target) in Published(service))
                {
                    Assert.True(ListensOn(service, stages).Contains(target), $"{file}, {name}: publishes {published} to {target}, where nothing listens");
                }

                // Start order by health: what a service waits for has a health check.
                foreach (var dependency in (service["depends_on"] as JsonObject ?? []).Where(d => Text(d.Value!["condition"]) == "service_healthy"))
                {
                    var other = services[dependency.Key];
                    var hasCheck = other["healthcheck"] is not null
                        || (other["build"] is JsonObject b && DeploymentFiles.HealthCheck(stages, Text(b["target"])) is not null);
                    Assert.True(hasCheck, $"{file}, {name} waits for {dependency.Key} to be healthy, which has no health check");
                }

                foreach (var volume in service["volumes"]?.AsArray() ?? [])
                {
                    var source = volume is JsonObject v ? Text(v["source"]) : Text(volume).Split(':')[0];
                    if (source.StartsWith('/'))
                    {
                        Assert.True(File.Exists(source), $"{file}, {name}: mounts {source}, which does not exist");
                    }
                }
            }
        }
    }

    [Fact]
    public void The_images_run_as_a_non_root_user_on_the_aspnet_runtime_with_a_health_check_and_restore_from_the_project_files_first()
    {
        var stages = DeploymentFiles.DockerfileStages();

        Assert.Matches(@"^FROM mcr\.microsoft\.com/dotnet/aspnet:", stages["runtime"][0]);
        Assert.Contains("USER $APP_UID", stages["runtime"]);
        var restore = stages["restore"];
        var firstSourceCopy = restore.FindIndex(l => l.StartsWith("COPY src/ ", StringComparison.Ordinal));
        Assert.True(firstSourceCopy < 0, "The restore stage copies the sources: every change would restore again.");
        Assert.Contains(restore, l => l.StartsWith("RUN dotnet restore", StringComparison.Ordinal));
        foreach (var project in ProjectsOf("src/Silo/Silo.csproj", "src/Api/Api.csproj", "src/Balancer/Balancer.csproj"))
        {
            Assert.True(restore.Contains($"COPY {project} {Path.GetDirectoryName(project)}/"), $"The restore stage does not copy {project}, which a host references.");
        }

        foreach (var host in new[] { "silo", "api", "balancer" })
        {
            Assert.Equal("FROM runtime AS " + host, stages[host][0]);
            Assert.NotNull(DeploymentFiles.HealthCheck(stages, host));
        }

        // What the health checks probe is what the hosts serve and where they listen.
        Assert.Equal(["healthcheck", "http", "8080", BalancerHosting.HealthPath], DeploymentFiles.HealthCheck(stages, "balancer")!);
        Assert.Equal(["healthcheck", "tcp", "gateway"], DeploymentFiles.HealthCheck(stages, "silo")!);
        var defaults = new ClusterHostingOptions();
        Assert.Contains($"EXPOSE {defaults.SiloPort} {defaults.GatewayPort}", stages["silo"]);
        Assert.Contains("ENV ASPNETCORE_URLS=http://+:8080", stages["api"]);
        Assert.Contains("ENV ASPNETCORE_URLS=http://+:8080", stages["balancer"]);
    }

    [Fact]
    public void The_test_compose_file_runs_the_test_command_with_a_mongodb_beside_it()
    {
        var services = Services("docker-compose.test.yml");
        var stages = DeploymentFiles.DockerfileStages();

        Assert.Equal("test", Text(services["tests"]["build"]!["target"]));
        Assert.Contains("ENTRYPOINT [\"scripts/test.sh\"]", stages["test"]);
        Assert.Equal("mongo", new Uri(Environment(services["tests"])["MONGO_URI"]).Host);
        Assert.Equal("service_healthy", Text(services["tests"]["depends_on"]!["mongo"]!["condition"]));
    }

    /// <summary>The hosts' project files and every project they reference, transitively, relative to the repository.</summary>
    private static SortedSet<string> ProjectsOf(params string[] hosts)
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(hosts);
        while (pending.TryPop(out var project))
        {
            if (!found.Add(project))
            {
                continue;
            }

            var folder = Path.GetDirectoryName(project)!;
            foreach (var reference in System.Xml.Linq.XDocument.Load(DeploymentFiles.Path(project)).Descendants("ProjectReference"))
            {
                var relative = Path.GetRelativePath(RepoRoot, Path.GetFullPath(Path.Combine(RepoRoot, folder, reference.Attribute("Include")!.Value.Replace('\\', '/'))));
                pending.Push(relative.Replace('\\', '/'));
            }
        }

        return found;
    }

    private static string RepoRoot => DeploymentFiles.Path();

    private static Dictionary<string, JsonObject> Services(string file) =>
        DeploymentFiles.ComposeConfig(file)["services"]!.AsObject().ToDictionary(s => s.Key, s => s.Value!.AsObject(), StringComparer.Ordinal);

    private static List<string> Targeting(Dictionary<string, JsonObject> services, string target) =>
        services.Where(s => s.Value["build"] is JsonObject b && Text(b["target"]) == target).Select(s => s.Key).Order(StringComparer.Ordinal).ToList();

    private static Dictionary<string, string> Environment(JsonObject service) =>
        (service["environment"] as JsonObject ?? []).ToDictionary(e => e.Key, e => Text(e.Value), StringComparer.Ordinal);

    private static List<(int Published, int Target)> Published(JsonObject service) =>
        (service["ports"]?.AsArray() ?? []).Select(p => (int.Parse(Text(p!["published"]), System.Globalization.CultureInfo.InvariantCulture), int.Parse(Text(p!["target"]), System.Globalization.CultureInfo.InvariantCulture))).ToList();

    /// <summary>The ports a service listens on: its image's, or its host's (ASPNETCORE_URLS, or a silo's defaults).</summary>
    private static HashSet<int> ListensOn(JsonObject service, Dictionary<string, List<string>> stages)
    {
        if (service["build"] is JsonObject build)
        {
            var environment = Environment(service);
            if (environment.TryGetValue("ASPNETCORE_URLS", out var urls))
            {
                return [DeploymentFiles.ListeningPort(urls)];
            }

            var expose = stages[Text(build["target"])].Where(l => l.StartsWith("EXPOSE ", StringComparison.Ordinal)).SelectMany(l => l[7..].Split(' '));
            return expose.Select(p => int.Parse(p, System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();
        }

        var image = Text(service["image"]).Split(':')[0];
        return ImagePorts.TryGetValue(image, out var ports) ? [.. ports] : [];
    }

    private static int DefaultPort(string scheme) => scheme switch
    {
        "redis" => 6379,
        "amqp" => 5672,
        "mongodb" => 27017,
        _ => 80,
    };

    private static string Text(JsonNode? node) => node?.GetValue<string>() ?? "";
}

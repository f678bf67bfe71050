using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Orleans.Streaming.RabbitMQ.Tests.Infrastructure;

/// <summary>A queue's counts as the broker itself reports them (AMQP alone cannot see unacknowledged messages).</summary>
public sealed record QueueCounts(long Ready, long Unacknowledged, long Consumers);

/// <summary>
/// A rabbitmq-server node as <c>scripts/services.sh</c> runs it: node <c>ecommerce-test-{port}@localhost</c> with its
/// data under <c>{services dir}/rabbitmq</c>. The tests use it for what AMQP cannot do: count unacknowledged
/// messages, and stop and start the broker. The broker-restart tests start a dedicated node of their own, so
/// other test assemblies using the shared broker at the same time are not disturbed.
/// </summary>
public sealed class RabbitMqNode
{
    private const string Bin = "/usr/lib/rabbitmq/bin";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(90);

    private RabbitMqNode(int port, int distPort, string servicesDir, bool dedicated)
    {
        Port = port;
        DistPort = distPort;
        ServicesDir = servicesDir;
        Dedicated = dedicated;
    }

    public int Port { get; }

    public int DistPort { get; }

    /// <summary>What <c>ECOMMERCE_SERVICES_DIR</c> is for this node.</summary>
    public string ServicesDir { get; }

    public bool Dedicated { get; }

    public string NodeName => $"ecommerce-test-{Port}@localhost";

    public string ConnectionString => $"amqp://guest:guest@127.0.0.1:{Port}/";

    /// <summary>The node behind <see cref="TestBroker.ConnectionString"/>, as <c>scripts/services.sh</c> started it.</summary>
    public static RabbitMqNode Shared()
    {
        var uri = new Uri(TestBroker.ConnectionString);
        var servicesDir = Environment.GetEnvironmentVariable("ECOMMERCE_SERVICES_DIR") is { Length: > 0 } dir ? dir : Path.Combine(RepositoryRoot(), ".test-data");
        return new RabbitMqNode(uri.Port, uri.Port + 10, servicesDir, dedicated: false);
    }

    /// <summary>Starts a node of the tests' own on free ports, in a temporary folder, through <c>scripts/services.sh</c>.</summary>
    public static async Task<RabbitMqNode> StartDedicatedAsync()
    {
        var servicesDir = Directory.CreateTempSubdirectory("rmq-stream-tests-").FullName;
        var port = FreePort();
        int distPort;
        do
        {
            distPort = FreePort();
        }
        while (distPort == port);

        var node = new RabbitMqNode(port, distPort, servicesDir, dedicated: true);
        await node.RunAsync(Path.Combine(RepositoryRoot(), "scripts", "services.sh"), ["start", "rabbitmq"]);
        return node;
    }

    /// <summary>Stops the RabbitMQ application (the Erlang node stays up): every connection drops, the port closes.</summary>
    public Task StopAppAsync() => RunAsync(Path.Combine(Bin, "rabbitmqctl"), ["-n", NodeName, "stop_app"]);

    /// <summary>Starts the RabbitMQ application again; durable queues come back with their persistent messages.</summary>
    public Task StartAppAsync() => RunAsync(Path.Combine(Bin, "rabbitmqctl"), ["-n", NodeName, "start_app"]);

    /// <summary>Stops a dedicated node and removes its folder.</summary>
    public async Task StopAsync()
    {
        if (!Dedicated)
        {
            throw new InvalidOperationException("Only a dedicated node is stopped by the tests.");
        }

        await RunAsync(Path.Combine(RepositoryRoot(), "scripts", "services.sh"), ["stop"]);
        try
        {
            Directory.Delete(ServicesDir, recursive: true);
        }
        catch (IOException)
        {
            // The node may still be letting go of its files; a temporary folder is left behind at worst.
        }
    }

    /// <summary>Ready, unacknowledged and consumer counts of every queue whose name starts with <paramref name="prefix"/>.</summary>
    public async Task<IReadOnlyDictionary<string, QueueCounts>> ListQueuesAsync(string prefix)
    {
        var output = await RunAsync(
            Path.Combine(Bin, "rabbitmqctl"),
            ["-n", NodeName, "-q", "list_queues", "--no-table-headers", "name", "messages_ready", "messages_unacknowledged", "consumers"]);
        var queues = new Dictionary<string, QueueCounts>(StringComparer.Ordinal);
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = line.Split('\t');
            if (fields.Length == 4 && fields[0].StartsWith(prefix, StringComparison.Ordinal))
            {
                queues[fields[0]] = new QueueCounts(
                    long.Parse(fields[1], CultureInfo.InvariantCulture),
                    long.Parse(fields[2], CultureInfo.InvariantCulture),
                    long.Parse(fields[3], CultureInfo.InvariantCulture));
            }
        }

        return queues;
    }

    /// <summary>
    /// For every queue starting with <paramref name="prefix"/> that has a consumer, the connection (Erlang pid) that
    /// consumes it. Each silo has one connection, so this shows which queues a silo reads.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> ConsumingConnectionsAsync(string prefix)
    {
        var channels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var fields in Rows(await RunAsync(Path.Combine(Bin, "rabbitmqctl"), ["-n", NodeName, "-q", "list_channels", "--no-table-headers", "pid", "connection"])))
        {
            if (fields.Length == 2)
            {
                channels[fields[0]] = fields[1];
            }
        }

        var queues = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var fields in Rows(await RunAsync(Path.Combine(Bin, "rabbitmqctl"), ["-n", NodeName, "-q", "list_consumers", "--no-table-headers", "queue_name", "channel_pid"])))
        {
            if (fields.Length == 2 && fields[0].StartsWith(prefix, StringComparison.Ordinal) && channels.TryGetValue(fields[1], out var connection))
            {
                queues[fields[0]] = connection;
            }
        }

        return queues;

        static IEnumerable<string[]> Rows(string output) =>
            output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(line => line.Split('\t'));
    }

    /// <summary>The counts of one queue; fails when the broker does not list it.</summary>
    public async Task<QueueCounts> QueueAsync(string queue) =>
        (await ListQueuesAsync(queue)).TryGetValue(queue, out var counts)
            ? counts
            : throw new InvalidOperationException($"The broker {NodeName} does not list the queue {queue}.");

    /// <summary>The repository root: the folder above the tests that holds EcommerceBackend.sln.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EcommerceBackend.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No EcommerceBackend.sln above {AppContext.BaseDirectory}.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Runs a command with the environment <c>scripts/services.sh</c> gives the node (its rabbit_env).</summary>
    private async Task<string> RunAsync(string file, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var data = Path.Combine(ServicesDir, "rabbitmq");
        var environment = start.Environment;
        environment["ECOMMERCE_SERVICES_DIR"] = ServicesDir;
        environment["ECOMMERCE_RABBITMQ_PORT"] = Port.ToString(CultureInfo.InvariantCulture);
        environment["ECOMMERCE_RABBITMQ_DIST_PORT"] = DistPort.ToString(CultureInfo.InvariantCulture);
        environment["RABBITMQ_NODENAME"] = NodeName;
        environment["RABBITMQ_NODE_PORT"] = Port.ToString(CultureInfo.InvariantCulture);
        environment["RABBITMQ_DIST_PORT"] = DistPort.ToString(CultureInfo.InvariantCulture);
        environment["RABBITMQ_MNESIA_BASE"] = Path.Combine(data, "mnesia");
        environment["RABBITMQ_LOG_BASE"] = Path.Combine(data, "log");
        environment["RABBITMQ_PID_FILE"] = Path.Combine(data, "rabbitmq.pid");
        environment["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(data, "enabled_plugins");
        environment["RABBITMQ_CONFIG_FILE"] = Path.Combine(data, "rabbitmq");
        environment["RABBITMQ_ADVANCED_CONFIG_FILE"] = Path.Combine(data, "advanced.config");
        if (string.IsNullOrEmpty(environment["HOME"]))
        {
            environment["HOME"] = "/root";
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Cannot start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(CommandTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"`{file} {string.Join(' ', arguments)}` did not finish within {CommandTimeout}.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"`{file} {string.Join(' ', arguments)}` for node {NodeName} exited with {process.ExitCode}: {await stderr}{await stdout}");
        }

        return await stdout;
    }
}

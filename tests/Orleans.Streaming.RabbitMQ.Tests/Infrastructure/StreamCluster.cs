using System.Globalization;
using Microsoft.Extensions.Configuration;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Providers.Streams.Common;
using Orleans.Streams;
using Orleans.TestingHost;

namespace Orleans.Streaming.RabbitMQ.Tests.Infrastructure;

/// <summary>The provider's settings in a test cluster; every silo and the client read them from the cluster's configuration.</summary>
public sealed class StreamClusterSettings
{
    public const string Section = "RmqTest";

    public string ConnectionString { get; set; } = "";

    public string Prefix { get; set; } = "";

    public int QueueCount { get; set; } = 4;

    public string ExchangeType { get; set; } = "topic";

    /// <summary>Exchanges declared at start-up, comma separated.</summary>
    public string Exchanges { get; set; } = "";

    public TimeSpan RetryFirstDelay { get; set; } = TimeSpan.FromMilliseconds(50);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(20);

    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    public static StreamClusterSettings Read(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<StreamClusterSettings>() ?? throw new InvalidOperationException("The test cluster has no stream settings.");

    public void Apply(RabbitMqStreamOptions options)
    {
        options.ConnectionString = ConnectionString;
        options.QueueNamePrefix = Prefix;
        options.QueueCount = QueueCount;
        options.ExchangeType = ExchangeType;
        options.Exchanges = [.. Exchanges.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
        options.PublishTimeout = PublishTimeout;
        options.ReconnectDelay = ReconnectDelay;
    }

    public IEnumerable<KeyValuePair<string, string?>> ToProperties()
    {
        yield return Property(nameof(ConnectionString), ConnectionString);
        yield return Property(nameof(Prefix), Prefix);
        yield return Property(nameof(QueueCount), QueueCount.ToString(CultureInfo.InvariantCulture));
        yield return Property(nameof(ExchangeType), ExchangeType);
        yield return Property(nameof(Exchanges), Exchanges);
        yield return Property(nameof(RetryFirstDelay), RetryFirstDelay.ToString("c"));
        yield return Property(nameof(RetryMaxDelay), RetryMaxDelay.ToString("c"));
        yield return Property(nameof(GiveUpAfter), GiveUpAfter.ToString("c"));
        yield return Property(nameof(PollInterval), PollInterval.ToString("c"));
        yield return Property(nameof(PublishTimeout), PublishTimeout.ToString("c"));
        yield return Property(nameof(ReconnectDelay), ReconnectDelay.ToString("c"));
    }

    private static KeyValuePair<string, string?> Property(string name, string value) => new($"{Section}:{name}", value);
}

/// <summary>
/// An Orleans test cluster (two silos by default) with the RabbitMQ stream provider <see cref="ProviderName"/>
/// on a queue prefix of its own, the test consumer and producer grains, and a client that publishes through the
/// provider too. Disposing it stops the silos and deletes the queues and exchanges it made on the broker.
/// </summary>
public sealed class StreamCluster : IAsyncDisposable
{
    public const string ProviderName = "rmq";

    private readonly List<string> _exchanges = [];
    private readonly List<AmqpMessage> _deadLetters = [];

    private StreamCluster(TestCluster cluster, StreamClusterSettings settings, AmqpProbe amqp, RabbitMqNode node)
    {
        Cluster = cluster;
        Settings = settings;
        Amqp = amqp;
        Node = node;
        _exchanges.AddRange(settings.Exchanges.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    public TestCluster Cluster { get; }

    public StreamClusterSettings Settings { get; }

    /// <summary>A plain AMQP connection to the cluster's broker.</summary>
    public AmqpProbe Amqp { get; }

    /// <summary>The broker node, for what only rabbitmqctl can tell or do.</summary>
    public RabbitMqNode Node { get; }

    public IClusterClient Client => Cluster.Client;

    public string Prefix => Settings.Prefix;

    public string DeadLetterQueue => $"{Prefix}.dead-letter";

    public string PartitionExchange => $"{Prefix}.partitions";

    public IEnumerable<string> ProviderQueues => Enumerable.Range(0, Settings.QueueCount).Select(QueueName);

    /// <summary>
    /// Starts a cluster on <paramref name="node"/> (the shared broker of <c>ECOMMERCE_TEST_RABBITMQ</c> by default).
    /// The settings come with a fresh prefix; <paramref name="configure"/> may change them.
    /// </summary>
    public static async Task<StreamCluster> StartAsync(Action<StreamClusterSettings>? configure = null, short silos = 2, RabbitMqNode? node = null)
    {
        var settings = new StreamClusterSettings
        {
            ConnectionString = node?.ConnectionString ?? TestBroker.ConnectionString,
            Prefix = $"rmq-tests.{Guid.NewGuid():N}",
        };
        configure?.Invoke(settings);

        // Connect first: a broker that does not answer fails the test here, with a message naming the variable.
        // (To the broker itself, not to the settings' connection string, which a test may have made invalid.)
        var amqp = await AmqpProbe.ConnectAsync(node?.ConnectionString);
        var builder = new TestClusterBuilder(silos);
        builder.Options.ServiceId = $"rmq-tests-{Guid.NewGuid():N}";
        // RMQ_TESTS_LOGS=1 writes each silo's log to a file in the working folder, to see what the provider did.
        builder.Options.ConfigureFileLogging = Environment.GetEnvironmentVariable("RMQ_TESTS_LOGS") == "1";
        foreach (var (key, value) in settings.ToProperties())
        {
            builder.Properties[key] = value;
        }

        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClientConfigurator>();
        var cluster = builder.Build();
        var streamCluster = new StreamCluster(cluster, settings, amqp, node ?? RabbitMqNode.Shared());
        try
        {
            await cluster.DeployAsync();
            await streamCluster.WaitUntilBalancedAsync(checkBroker: settings.ConnectionString == (node?.ConnectionString ?? TestBroker.ConnectionString));
        }
        catch
        {
            await streamCluster.DisposeAsync();
            throw;
        }

        return streamCluster;
    }

    /// <summary>
    /// Waits until the queues are handed out: each queue has one agent in the cluster, and (when the cluster
    /// uses the probe's broker) each queue has exactly one consumer. A silo that joins takes its queues before the
    /// others let theirs go; a test starting in that moment would see messages delivered twice.
    /// </summary>
    public async Task WaitUntilBalancedAsync(bool checkBroker = true)
    {
        var silos = Cluster.GetActiveSilos().Count();
        await Eventually.Until(
            $"the {Settings.QueueCount} queues handed out over {silos} silo(s)",
            RunningAgentsPerSiloAsync,
            a => a.Length == silos && a.Sum() == Settings.QueueCount,
            TimeSpan.FromSeconds(60));
        if (checkBroker)
        {
            foreach (var queue in ProviderQueues)
            {
                await Eventually.Until($"one consumer on {queue}", () => Amqp.QueueStateAsync(queue), q => q is { ConsumerCount: 1 }, TimeSpan.FromSeconds(60));
            }
        }
    }

    public string QueueName(int partition) => $"{Prefix}.{partition}";

    /// <summary>An exchange name of the test's own (consumed by <see cref="ConsumerGrain"/>), deleted with the cluster.</summary>
    public string NewExchange(string purpose)
    {
        var exchange = $"rmqtest.{purpose}.{Guid.NewGuid():N}";
        lock (_exchanges)
        {
            _exchanges.Add(exchange);
        }

        return exchange;
    }

    /// <summary>The provider queue a stream is mapped to, as the provider's own queue mapper computes it.</summary>
    public int QueueOf(string streamNamespace, string streamKey) =>
        (int)new HashRingBasedStreamQueueMapper(new HashRingStreamQueueMapperOptions { TotalQueueCount = Settings.QueueCount }, ProviderName)
            .GetQueueForStream(StreamId.Create(streamNamespace, streamKey))
            .GetNumericId();

    /// <summary>A stream key of <paramref name="streamNamespace"/> that the provider maps to queue <paramref name="partition"/>.</summary>
    public string KeyOnQueue(string streamNamespace, int partition, string stem = "key")
    {
        for (var i = 0; ; i++)
        {
            var key = $"{stem}-{i}-{Guid.NewGuid():N}";
            if (QueueOf(streamNamespace, key) == partition)
            {
                return key;
            }
        }
    }

    /// <summary>A producer grain (placed by Orleans on either silo).</summary>
    public IProducerGrain Producer(string? key = null) => Client.GetGrain<IProducerGrain>(key ?? Guid.NewGuid().ToString("N"));

    /// <summary>A stream as the cluster client publishes on it (the client side of the provider).</summary>
    public IAsyncStream<TestEvent> ClientStream(string streamNamespace, string streamKey) =>
        Client.GetStreamProvider(ProviderName).GetStream<TestEvent>(StreamId.Create(streamNamespace, streamKey));

    /// <summary>The messages the provider set aside for <paramref name="exchange"/> so far (read off the dead-letter queue and kept).</summary>
    public async Task<IReadOnlyList<AmqpMessage>> DeadLettersOfAsync(string exchange)
    {
        var taken = await Amqp.TakeAllAsync(DeadLetterQueue);
        lock (_deadLetters)
        {
            _deadLetters.AddRange(taken);
            return [.. _deadLetters.Where(m => m.Header("x-original-exchange") == exchange)];
        }
    }

    /// <summary>The silo names (runtime identities) of the running silos.</summary>
    public IReadOnlyList<string> SiloNames() => [.. Cluster.GetActiveSilos().Select(s => s.SiloAddress.ToString())];

    /// <summary>How many pulling agents (queues) each active silo runs, in silo order.</summary>
    public async Task<int[]> RunningAgentsPerSiloAsync()
    {
        var management = Client.GetGrain<IManagementGrain>(0);
        var results = await management.SendControlCommandToProvider<PersistentStreamProvider>(
            ProviderName, (int)PersistentStreamProviderCommand.GetNumberRunningAgents);
        return [.. results.Select(r => Convert.ToInt32(r, CultureInfo.InvariantCulture))];
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Cluster.StopAllSilosAsync();
        }
        finally
        {
            await Cluster.DisposeAsync();
            try
            {
                string[] exchanges;
                lock (_exchanges)
                {
                    exchanges = [.. _exchanges, PartitionExchange];
                }

                await Amqp.DeleteAsync([.. ProviderQueues, DeadLetterQueue], exchanges);
            }
            finally
            {
                await Amqp.DisposeAsync();
            }
        }
    }

    /// <summary>A silo of the test cluster: the provider under test, memory pub-sub state, and quick failure detection.</summary>
    public sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            var settings = StreamClusterSettings.Read(siloBuilder.Configuration);
            siloBuilder.AddMemoryGrainStorage("PubSubStore");
            siloBuilder.AddRabbitMqStreams(
                ProviderName,
                o => o.Configure(settings.Apply),
                stream => stream.ConfigureDeliveryRetries(settings.RetryFirstDelay, settings.RetryMaxDelay, settings.GiveUpAfter, settings.PollInterval));

            // A killed silo is declared dead within seconds, so its queues move on while the test waits.
            siloBuilder.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(1);
                o.NumMissedProbesLimit = 2;
                o.NumVotesForDeathDeclaration = 1;
            });
        }
    }

    /// <summary>The cluster client publishes through the provider's client side.</summary>
    public sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder clientBuilder)
        {
            var settings = StreamClusterSettings.Read(configuration);
            clientBuilder.AddRabbitMqStreams(ProviderName, o => o.Configure(settings.Apply));
        }
    }
}

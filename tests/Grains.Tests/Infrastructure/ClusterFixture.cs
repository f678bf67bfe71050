using EcommerceBackend.ClusterHosting;
using EcommerceBackend.Contracts;
using EcommerceBackend.Contracts.Events;
using EcommerceBackend.Grains.Events;
using EcommerceBackend.Records;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Persistence;
using Orleans.Storage;
using Orleans.Streaming.RabbitMQ.Tests.Infrastructure;
using Orleans.TestingHost;
using StackExchange.Redis;

namespace EcommerceBackend.Grains.Tests.Infrastructure;

/// <summary>
/// One Orleans test cluster for the whole assembly: two silos that keep grain state in the real Redis named by
/// <c>ECOMMERCE_TEST_REDIS</c>, under a service id of their own so runs never see each other's data.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private ConnectionMultiplexer? _redis;
    private TestCluster? _cluster;
    private EventRecorder? _events;

    /// <summary>The records store every silo of the cluster writes to.</summary>
    public static IRecordsStore SharedRecords { get; } = new InMemoryRecordsStore(Options.Create(new RecordsOptions()), TimeProvider.System);

    /// <summary>The service id of this run; every Redis key of its grain state starts with it.</summary>
    public string ServiceId { get; } = $"grains-tests-{Guid.NewGuid():N}";

    public TestCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster is not deployed.");

    /// <summary>The grain factory of the cluster's client, as an API node would use it.</summary>
    public IGrainFactory Grains => Cluster.Client;

    /// <summary>A subscriber to the order and product event streams, started with the cluster.</summary>
    public EventRecorder Events => _events ?? throw new InvalidOperationException("The cluster is not deployed.");

    /// <summary>A direct connection to the Redis the silos store state in, to look at what they wrote.</summary>
    public IDatabase Redis => (_redis ?? throw new InvalidOperationException("Redis is not connected.")).GetDatabase();

    public async Task InitializeAsync()
    {
        // Fails with a message naming ECOMMERCE_TEST_REDIS when it is unset or Redis does not answer.
        _redis = await TestRedis.ConnectAsync();

        var builder = new TestClusterBuilder();
        builder.Options.InitialSilosCount = 2;
        builder.Options.ServiceId = ServiceId;
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClientConfigurator>();
        _cluster = builder.Build();
        await _cluster.DeployAsync();
        _events = await EventRecorder.StartAsync(_cluster.Client);
    }

    public async Task DisposeAsync()
    {
        if (_events is not null)
        {
            await _events.StopAsync();
        }

        if (_cluster is not null)
        {
            await _cluster.StopAllSilosAsync();
            await _cluster.DisposeAsync();
        }

        if (_redis is not null)
        {
            foreach (var key in await StateKeysAsync("*"))
            {
                await _redis.GetDatabase().KeyDeleteAsync(key);
            }

            await _redis.DisposeAsync();
        }
    }

    /// <summary>The Redis keys of this run's grain state whose rest (after <c>{ServiceId}/state/</c>) matches a glob pattern.</summary>
    public async Task<IReadOnlyList<RedisKey>> StateKeysAsync(string pattern)
    {
        var redis = _redis ?? throw new InvalidOperationException("Redis is not connected.");
        var keys = new List<RedisKey>();
        foreach (var server in redis.GetServers())
        {
            await foreach (var key in server.KeysAsync(pattern: $"{ServiceId}/state/{pattern}"))
            {
                keys.Add(key);
            }
        }

        return keys;
    }

    /// <summary>
    /// A silo as <c>OrleansConfiguration.AddEcommerceSilo</c> makes one in cluster mode, less its clustering
    /// (the test cluster brings its own): Redis storage for every storage name and the outbox journal in Redis, and
    /// the grains' services, with storage and an event publisher that tests can make fail
    /// (<see cref="FaultInjectingGrainStorage"/>, <see cref="FaultInjectingEventPublisher"/>).
    /// </summary>
    public sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            foreach (var name in StorageNames.All)
            {
                siloBuilder.AddRedisGrainStorage(name, o => o.ConfigurationOptions = TestRedis.ConfigurationOptions());
                // Registered after: the storage the grains get is the Redis one, behind a switch tests can throw.
                siloBuilder.Services.AddKeyedSingleton<IGrainStorage>(name, (sp, key) =>
                    new FaultInjectingGrainStorage(RedisGrainStorageFactory.Create(sp, (string)key!)));
            }

            siloBuilder.AddRedisOutboxJournal(TestRedis.ConfigurationOptions());
            // One records store for every silo, as every silo of a cluster shares its MongoDB.
            siloBuilder.Services.AddSingleton<IRecordsStore>(SharedRecords);

            // Registered first: AddEcommerceGrainServices only adds its publisher when none is registered.
            siloBuilder.Services.AddSingleton<IDomainEventPublisher>(sp =>
                new FaultInjectingEventPublisher(ActivatorUtilities.CreateInstance<StreamDomainEventPublisher>(sp)));
            siloBuilder.AddEcommerceGrainServices(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                // Alerts go out by email to the test process's own SMTP sink, quickly retried when refused.
                ["Email:Host"] = "127.0.0.1",
                ["Email:Port"] = SmtpSink.Instance.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Email:AdminRecipients"] = "ops@tests.example",
                ["Email:MaxAttempts"] = "3",
                ["Email:RetryDelay"] = "00:00:00.050",
                // Analytics tests wait for the merged view; refresh it often.
                ["Analytics:RefreshIntervalMs"] = "100",
            }).Build());
            // Memory streams poll their queues every 100 ms by default; event tests wait on deliveries, so poll more often.
            siloBuilder.Services.Configure<StreamPullingAgentOptions>(StreamProviders.Events, o => o.GetQueueMsgsTimerPeriod = TimeSpan.FromMilliseconds(20));
        }
    }

    /// <summary>The client side of the streams, as <c>AddEcommerceClient</c> sets it up.</summary>
    public sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder clientBuilder) =>
            clientBuilder.AddMemoryStreams(StreamProviders.Events);
    }
}

/// <summary>Every test class that needs the cluster joins this collection, so the assembly starts one cluster.</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}

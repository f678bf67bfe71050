using System.Globalization;
using EcommerceBackend.ClusterHosting;
using EcommerceBackend.Contracts;
using EcommerceBackend.Contracts.Events;
using EcommerceBackend.Grains.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Orleans.Configuration;
using Orleans.Streaming.RabbitMQ.Tests.Infrastructure;
using Orleans.TestingHost;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using StackExchange.Redis;

namespace EcommerceBackend.Grains.Tests.Analytics;

/// <summary>
/// A test cluster of its own for the analytics accuracy test, since that test kills a silo: three silos wired as
/// cluster mode wires them (grain state in the real Redis of <c>ECOMMERCE_TEST_REDIS</c>, domain events on the
/// RabbitMQ stream provider on the broker of <c>ECOMMERCE_TEST_RABBITMQ</c>), under a fresh service id, so its
/// Redis keys and its queues (<c>{ServiceId}.events.*</c>) are its own. Disposing it stops the silos and deletes
/// both: durable queues left bound to the shared exchanges would keep collecting a copy of every later event.
/// </summary>
public sealed class AccuracyCluster : IAsyncDisposable
{
    /// <summary>The environment variable that names the broker.</summary>
    public const string BrokerVariable = "ECOMMERCE_TEST_RABBITMQ";

    /// <summary>The provider's queues; the default of cluster mode, spread over three silos.</summary>
    public const int QueueCount = 8;

    /// <summary>Stock below this is low (set explicitly, so the test knows the threshold the grains use).</summary>
    public const int LowStockThreshold = 10;

    /// <summary>How often the global analytics grain may refresh its merged view: short, so the test converges quickly.</summary>
    public const int RefreshIntervalMs = 200;

    private readonly ConnectionMultiplexer _redis;
    private readonly IConnection _amqp;

    private AccuracyCluster(TestCluster cluster, string serviceId, ConnectionMultiplexer redis, IConnection amqp)
    {
        Cluster = cluster;
        ServiceId = serviceId;
        _redis = redis;
        _amqp = amqp;
    }

    public TestCluster Cluster { get; }

    /// <summary>The service id of this run: it starts every Redis key and (as the provider's default prefix) every queue name.</summary>
    public string ServiceId { get; }

    public IGrainFactory Grains => Cluster.Client;

    private string QueuePrefix => $"{ServiceId}.{StreamProviders.Events}";

    private string DeadLetterQueue => $"{QueuePrefix}.dead-letter";

    private IEnumerable<string> ProviderQueues => Enumerable.Range(0, QueueCount).Select(i => $"{QueuePrefix}.{i}");

    /// <summary>The broker's AMQP URI; throws a message naming the variable when it is not set.</summary>
    public static string BrokerConnectionString =>
        Environment.GetEnvironmentVariable(BrokerVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{BrokerVariable} is not set. The analytics accuracy test needs a real RabbitMQ: start one with "
                + "`scripts/services.sh start` and `eval \"$(scripts/services.sh env)\"` before `dotnet test`.");

    /// <summary>Connects to Redis and the broker first (so a missing server fails here, by name), then deploys three silos.</summary>
    public static async Task<AccuracyCluster> StartAsync()
    {
        var redis = await TestRedis.ConnectAsync();
        IConnection amqp;
        try
        {
            amqp = await new ConnectionFactory { Uri = new Uri(BrokerConnectionString), ClientProvidedName = "analytics-accuracy-tests" }.CreateConnectionAsync();
        }
        catch (BrokerUnreachableException ex)
        {
            await redis.DisposeAsync();
            throw new InvalidOperationException($"RabbitMQ at {BrokerVariable}='{BrokerConnectionString}' does not answer: {ex.InnerException?.Message ?? ex.Message}", ex);
        }

        var serviceId = $"analytics-accuracy-{Guid.NewGuid():N}";
        var builder = new TestClusterBuilder(3);
        builder.Options.ServiceId = serviceId;
        // ANALYTICS_ACCURACY_LOGS=1 writes each silo's log to a file under bin/…/logs, to see what happened in a failed run.
        builder.Options.ConfigureFileLogging = Environment.GetEnvironmentVariable("ANALYTICS_ACCURACY_LOGS") == "1";
        builder.Properties["RabbitMQ:ConnectionString"] = BrokerConnectionString;
        builder.Properties["RabbitMQ:SigningKey"] = "test-cluster-events-signing-key-0123456789-abcdef";
        builder.Properties["RabbitMQ:QueueCount"] = QueueCount.ToString(CultureInfo.InvariantCulture);
        builder.Properties["Catalog:LowStockThreshold"] = LowStockThreshold.ToString(CultureInfo.InvariantCulture);
        builder.Properties["Analytics:RefreshIntervalMs"] = RefreshIntervalMs.ToString(CultureInfo.InvariantCulture);
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClientConfigurator>();
        var cluster = new AccuracyCluster(builder.Build(), serviceId, redis, amqp);
        try
        {
            await cluster.Cluster.DeployAsync();
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        return cluster;
    }

    /// <summary>Messages the provider set aside as undeliverable so far (each is an event the consumers never handled).</summary>
    public async Task<uint> DeadLetterCountAsync()
    {
        await using var channel = await _amqp.CreateChannelAsync();
        return (await channel.QueueDeclarePassiveAsync(DeadLetterQueue)).MessageCount;
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
            await DeleteBrokerObjectsAsync();
            await DeleteRedisKeysAsync();
        }
    }

    /// <summary>
    /// The provider's queues, its dead-letter queue and its partitions exchange (which takes its bindings to the
    /// shared public exchanges with it). The public exchanges stay: other runs and programs use them.
    /// </summary>
    private async Task DeleteBrokerObjectsAsync()
    {
        try
        {
            foreach (var queue in ProviderQueues.Append(DeadLetterQueue))
            {
                await using var channel = await _amqp.CreateChannelAsync();
                await channel.QueueDeleteAsync(queue);
            }

            await using (var channel = await _amqp.CreateChannelAsync())
            {
                await channel.ExchangeDeleteAsync($"{QueuePrefix}.partitions");
            }
        }
        finally
        {
            await _amqp.CloseAsync();
            _amqp.Dispose();
        }
    }

    private async Task DeleteRedisKeysAsync()
    {
        try
        {
            foreach (var server in _redis.GetServers())
            {
                var keys = new List<RedisKey>();
                await foreach (var key in server.KeysAsync(pattern: $"{ServiceId}*"))
                {
                    keys.Add(key);
                }

                foreach (var chunk in keys.Chunk(500))
                {
                    await _redis.GetDatabase().KeyDeleteAsync(chunk);
                }
            }
        }
        finally
        {
            await _redis.DisposeAsync();
        }
    }

    /// <summary>
    /// A silo as <c>OrleansConfiguration.AddEcommerceSilo</c> makes one in cluster mode, less its clustering (the
    /// test cluster brings its own): Redis storage for every storage name, the RabbitMQ event streams, the grains'
    /// services. A killed silo is declared dead within seconds, so its grains and queues move on while the test runs.
    /// </summary>
    public sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            foreach (var name in StorageNames.All)
            {
                siloBuilder.AddRedisGrainStorage(name, o => o.ConfigurationOptions = TestRedis.ConfigurationOptions());
            }

            siloBuilder.AddRedisOutboxJournal(TestRedis.ConfigurationOptions());

            siloBuilder.AddRabbitMqEventStreams(siloBuilder.Configuration);
            siloBuilder.AddEcommerceGrainServices(siloBuilder.Configuration, memoryStreams: false);
            siloBuilder.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(1);
                o.NumMissedProbesLimit = 2;
                o.NumVotesForDeathDeclaration = 1;
            });
        }
    }

    /// <summary>
    /// The client calls grains only. A request its gateway had passed on to the killed silo gets no answer and no
    /// rejection, so it waits out this timeout before it is retried: short, since every call the workload makes is
    /// safe to repeat.
    /// </summary>
    public sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder clientBuilder) =>
            clientBuilder.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(5));
    }
}

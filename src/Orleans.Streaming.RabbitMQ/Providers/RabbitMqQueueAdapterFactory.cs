using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Streams;

namespace Orleans.Streaming.RabbitMQ.Providers;

/// <summary>Makes the RabbitMQ queue adapter, its cache, its queue mapper and its failure handlers for one provider.</summary>
public sealed class RabbitMqQueueAdapterFactory : IQueueAdapterFactory, IAsyncDisposable
{
    private readonly string _name;
    private readonly RabbitMqStreamOptions _options;
    private readonly IRabbitMqMessageSerializer _serializer;
    private readonly ILoggerFactory _loggerFactory;
    private readonly HashRingBasedStreamQueueMapper _mapper;
    private readonly RabbitMqQueueAdapterCache _cache;
    private readonly RabbitMqConnection _connection;
    private readonly RabbitMqPublisher _publisher;
    private readonly MessageSignature? _signature;
    private readonly ConcurrentDictionary<QueueId, RabbitMqQueueAdapterReceiver> _receivers = new();
    private readonly TimeSpan _giveUpAfter;
    private readonly CancellationToken _stopping;

    /// <summary>Creates the factory.</summary>
    public RabbitMqQueueAdapterFactory(
        string name,
        RabbitMqStreamOptions options,
        SimpleQueueCacheOptions cacheOptions,
        IRabbitMqMessageSerializer serializer,
        IOptions<ClusterOptions> clusterOptions,
        ILoggerFactory loggerFactory,
        StreamPullingAgentOptions? pullingAgentOptions = null,
        IHostApplicationLifetime? lifetime = null)
    {
        _name = name;
        _giveUpAfter = (pullingAgentOptions ?? new StreamPullingAgentOptions()).MaxEventDeliveryTime;
        _stopping = lifetime?.ApplicationStopping ?? CancellationToken.None;
        _options = options;
        _serializer = serializer;
        _loggerFactory = loggerFactory;
        options.ResolvedPrefix = options.QueueNamePrefix is { Length: > 0 } prefix ? prefix : $"{clusterOptions.Value.ServiceId}.{name}";
        _mapper = new HashRingBasedStreamQueueMapper(new HashRingStreamQueueMapperOptions { TotalQueueCount = options.QueueCount }, name);
        _cache = new RabbitMqQueueAdapterCache(cacheOptions, name, loggerFactory);
        var logger = loggerFactory.CreateLogger<RabbitMqQueueAdapterFactory>();
        _connection = new RabbitMqConnection(options, name, logger);
        _publisher = new RabbitMqPublisher(_connection, options, name, logger);
        _signature = options.SigningKey is { } key ? new MessageSignature(key, options.AcceptedSigningKeys) : null;
    }

    /// <summary>Creates the factory of the provider <paramref name="name"/> from its named options and services.</summary>
    public static RabbitMqQueueAdapterFactory Create(IServiceProvider services, string name) =>
        ActivatorUtilities.CreateInstance<RabbitMqQueueAdapterFactory>(
            services,
            name,
            services.GetOptionsByName<RabbitMqStreamOptions>(name),
            services.GetOptionsByName<SimpleQueueCacheOptions>(name),
            services.GetKeyedService<IRabbitMqMessageSerializer>(name) ?? ActivatorUtilities.CreateInstance<OrleansBinaryMessageSerializer>(services),
            services.GetOptionsByName<StreamPullingAgentOptions>(name));

    /// <inheritdoc/>
    public Task<IQueueAdapter> CreateAdapter() => Task.FromResult<IQueueAdapter>(
        new RabbitMqQueueAdapter(_name, _options, _mapper, _connection, _publisher, _serializer, _signature, _receivers, _loggerFactory));

    /// <inheritdoc/>
    public IQueueAdapterCache GetQueueAdapterCache() => _cache;

    /// <inheritdoc/>
    public IStreamQueueMapper GetStreamQueueMapper() => _mapper;

    /// <inheritdoc/>
    public Task<IStreamFailureHandler> GetDeliveryFailureHandler(QueueId queueId) =>
        Task.FromResult<IStreamFailureHandler>(new RabbitMqDeliveryFailureHandler(() => _receivers.GetValueOrDefault(queueId), _giveUpAfter, _stopping));

    /// <summary>Closes the connection, so the broker hands this process's unacked messages to the next owner.</summary>
    public async ValueTask DisposeAsync()
    {
        await _publisher.DisposeAsync();
        await _connection.DisposeAsync();
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Streaming.RabbitMQ;
using Orleans.Streaming.RabbitMQ.Providers;

namespace Orleans.Hosting;

/// <summary>Adds RabbitMQ persistent streams to silos and clients.</summary>
public static class RabbitMqStreamingExtensions
{
    /// <summary>
    /// Adds the RabbitMQ stream provider <paramref name="name"/> to a silo: it publishes, and its pulling agents
    /// consume the provider's queues (spread over the silos by the queue balancer).
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="name">The stream provider name.</param>
    /// <param name="configureOptions">Sets the provider's <see cref="RabbitMqStreamOptions"/>.</param>
    /// <param name="configureStream">Further settings of the persistent stream: pulling agent, pub-sub, cache, balancer.</param>
    public static ISiloBuilder AddRabbitMqStreams(
        this ISiloBuilder builder,
        string name,
        Action<OptionsBuilder<RabbitMqStreamOptions>> configureOptions,
        Action<ISiloPersistentStreamConfigurator>? configureStream = null) =>
        builder.AddPersistentStreams(name, RabbitMqQueueAdapterFactory.Create, stream =>
        {
            Configure(stream, configureOptions);
            stream.ConfigureComponent(SimpleQueueCacheOptionsValidator.Create);
            configureStream?.Invoke(stream);
        });

    /// <summary>Adds the RabbitMQ stream provider <paramref name="name"/> to a cluster client, which publishes through it.</summary>
    /// <param name="builder">The client builder.</param>
    /// <param name="name">The stream provider name (the same as the silos').</param>
    /// <param name="configureOptions">Sets the provider's <see cref="RabbitMqStreamOptions"/>.</param>
    /// <param name="configureStream">Further settings of the persistent stream.</param>
    public static IClientBuilder AddRabbitMqStreams(
        this IClientBuilder builder,
        string name,
        Action<OptionsBuilder<RabbitMqStreamOptions>> configureOptions,
        Action<IClusterClientPersistentStreamConfigurator>? configureStream = null) =>
        builder.AddPersistentStreams(name, RabbitMqQueueAdapterFactory.Create, stream =>
        {
            Configure(stream, configureOptions);
            configureStream?.Invoke(stream);
        });

    /// <summary>Puts another message format on the wire for the provider <paramref name="name"/> (the default is Orleans' binary format).</summary>
    public static IServiceCollection AddRabbitMqMessageSerializer<TSerializer>(this IServiceCollection services, string name)
        where TSerializer : class, IRabbitMqMessageSerializer =>
        services.AddKeyedSingleton<IRabbitMqMessageSerializer, TSerializer>(name);

    private static void Configure(INamedServiceConfigurator stream, Action<OptionsBuilder<RabbitMqStreamOptions>> configureOptions)
    {
        stream.Configure(configureOptions);
        stream.ConfigureDelegate(services => services.AddTransient(sp => RabbitMqStreamConfigurationValidator.Create(sp, stream.Name)));
    }
}

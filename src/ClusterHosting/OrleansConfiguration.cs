using System.Net;
using EcommerceBackend.Contracts.Customers;
using EcommerceBackend.Contracts.Events;
using EcommerceBackend.Grains;
using EcommerceBackend.Grains.Events;
using EcommerceBackend.Grains.Notifications;
using EcommerceBackend.Grains.Notifications.Email;
using EcommerceBackend.Grains.Products;
using EcommerceBackend.Grains.Records;
using EcommerceBackend.Grains.Storage;
using EcommerceBackend.Records;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;
using Orleans.Storage;
using Orleans.Streaming.RabbitMQ;

namespace EcommerceBackend.ClusterHosting;

/// <summary>The one place that decides how a silo or a client joins the cluster, for every host.</summary>
public static class OrleansConfiguration
{
    /// <summary>Reads and validates the cluster settings; a bad value stops the process with a message naming it.</summary>
    public static ClusterHostingOptions GetClusterOptions(this IConfiguration configuration) =>
        configuration.GetValidated<ClusterHostingOptions, ClusterHostingOptionsValidator>(ClusterHostingOptions.Section);

    /// <summary>
    /// Reads the cluster's event settings (cluster mode) and checks them, with the stream provider's own settings from the
    /// same <c>RabbitMQ</c> section checked by the provider's validator: a bad value stops the process now, and every
    /// bad value is named by its key in one message.
    /// </summary>
    public static EventStreamOptions GetEventStreamOptions(this IConfiguration configuration)
    {
        var section = configuration.GetSection(EventStreamOptions.Section);
        var events = section.Get<EventStreamOptions>() ?? new();
        var broker = RabbitMqStreamOptions.FromConfiguration(section);
        var failures = (new EventStreamOptionsValidator().Validate(Options.DefaultName, events).Failures ?? [])
            .Concat(new RabbitMqStreamOptionsValidator().Validate(Options.DefaultName, broker).Failures ?? [])
            .ToList();
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(EventStreamOptions.Section, typeof(EventStreamOptions), failures);
        }

        return events;
    }

    /// <summary>Reads and validates the Redis settings.</summary>
    public static RedisConnectionOptions GetRedisOptions(this IConfiguration configuration) =>
        configuration.GetValidated<RedisConnectionOptions, RedisConnectionOptionsValidator>(RedisConnectionOptions.Section);

    /// <summary>
    /// Configures a silo with the shop's grains: in <see cref="HostingMode.Embedded"/> mode on localhost with
    /// in-memory state; in <see cref="HostingMode.Cluster"/> mode with Redis membership and Redis grain state.
    /// </summary>
    public static ISiloBuilder AddEcommerceSilo(this ISiloBuilder silo, IConfiguration configuration, HostingMode mode)
    {
        var cluster = configuration.GetClusterOptions();
        if (mode == HostingMode.Embedded)
        {
            silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
            foreach (var name in StorageNames.All)
            {
                silo.Services.AddGrainStorage(name, static (services, _) => ActivatorUtilities.CreateInstance<ProcessMemoryGrainStorage>(services));
            }
        }
        else
        {
            var redis = configuration.GetRedisOptions();
            silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (cluster.ClusterId, cluster.ServiceId));
            silo.Configure<EndpointOptions>(o =>
            {
                o.SiloPort = cluster.SiloPort;
                o.GatewayPort = cluster.GatewayPort;
                if (cluster.AdvertisedAddress is { Length: > 0 } address)
                {
                    o.AdvertisedIPAddress = IPAddress.Parse(address);
                }

                o.SiloListeningEndpoint = new IPEndPoint(IPAddress.Any, cluster.SiloPort);
                o.GatewayListeningEndpoint = new IPEndPoint(IPAddress.Any, cluster.GatewayPort);
            });
            silo.UseRedisClustering(o => o.ConfigurationOptions = redis.ToConfigurationOptions());
            // How quickly a dead silo is declared dead (ProbeTimeout, NumMissedProbesLimit, NumVotesForDeathDeclaration…):
            // it bounds how late its grains' unconfirmed events can be published again (see the README's replay window).
            silo.Configure<ClusterMembershipOptions>(configuration.GetSection($"{ClusterHostingOptions.Section}:Membership"));
            foreach (var name in StorageNames.All)
            {
                silo.AddRedisGrainStorage(name, o => o.ConfigurationOptions = redis.ToConfigurationOptions());
            }

            silo.AddRedisOutboxJournal(redis.ToConfigurationOptions());
            silo.AddRabbitMqEventStreams(configuration);
            if ((configuration.GetSection(RecordsOptions.Section).Get<RecordsOptions>() ?? new()).UsesMongo)
            {
                silo.AddRabbitMqRecordStreams(configuration);
            }
        }

        DashboardHosting.AddEcommerceDashboard(silo, configuration);
        return silo.AddEcommerceGrainServices(configuration, memoryStreams: mode == HostingMode.Embedded);
    }

    /// <summary>
    /// Domain events through RabbitMQ (cluster mode): published to the original's topic exchanges as the JSON
    /// envelope, consumed by the silos from the provider's queues, retried with backoff, then dead-lettered.
    /// </summary>
    public static ISiloBuilder AddRabbitMqEventStreams(this ISiloBuilder silo, IConfiguration configuration)
    {
        var events = configuration.GetEventStreamOptions();
        silo.Services.AddRabbitMqMessageSerializer<DomainEventJsonSerializer>(StreamProviders.Events);
        return silo.AddRabbitMqStreams(
            StreamProviders.Events,
            o => o.BindSettings(configuration.GetSection(EventStreamOptions.Section)).Configure(EventStreamOptions.FixedSettings),
            stream => stream.ConfigureDeliveryRetries(events.RetryMinDelay, events.RetryMaxDelay, events.MaxDeliveryTime, events.PollInterval));
    }

    /// <summary>
    /// The records' own reading of the event exchanges (cluster mode with MongoDB): a second RabbitMQ provider with
    /// queues of its own (<c>{ServiceId}.records.*</c>) delivering on <c>records/…</c> namespaces, retried for
    /// <c>Records:MaxDeliveryTime</c>, so a MongoDB outage leaves its messages unacknowledged and holds up nothing else.
    /// </summary>
    public static ISiloBuilder AddRabbitMqRecordStreams(this ISiloBuilder silo, IConfiguration configuration)
    {
        var events = configuration.GetEventStreamOptions();
        var records = configuration.GetSection(RecordsOptions.Section).Get<RecordsOptions>() ?? new();
        silo.Services.AddRabbitMqMessageSerializer<DomainEventJsonSerializer>(StreamProviders.Records);
        silo.Services.AddSingleton(new RecordsDelivery(Dedicated: true));
        return silo.AddRabbitMqStreams(
            StreamProviders.Records,
            o => o.BindSettings(configuration.GetSection(EventStreamOptions.Section)).Configure<IOptions<ClusterOptions>>((options, cluster) =>
            {
                EventStreamOptions.FixedSettings(options);
                options.QueueNamePrefix = $"{cluster.Value.ServiceId}.{StreamProviders.Records}";
                options.StreamNamespacePrefix = RecordsConsumerGrain.DedicatedPrefix;
            }),
            stream => stream.ConfigureDeliveryRetries(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), records.MaxDeliveryTime, events.PollInterval));
    }

    /// <summary>
    /// What the grains need whatever the clustering and storage: the event streams, the storage format,
    /// the outbox, the options and the password hasher. <see cref="AddEcommerceSilo"/> calls it; a test
    /// cluster, which brings its own clustering and storage, calls it directly.
    /// </summary>
    public static ISiloBuilder AddEcommerceGrainServices(this ISiloBuilder silo, IConfiguration configuration, bool memoryStreams = true)
    {
        if (memoryStreams)
        {
            silo.AddMemoryStreams(StreamProviders.Events);
        }

        // Grain state in Orleans' own binary format: several times cheaper than the default JSON on every
        // write, and version-tolerant through the [Id] numbers of the state records.
        silo.Services.AddSingleton<IGrainStorageSerializer, OrleansGrainStorageSerializer>();
        silo.Services.AddGrainInterfaceTypeCache();
        // Grain calls continue the caller's trace (no cost while nothing listens; see Telemetry).
        silo.AddActivityPropagation();
        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.Services.TryAddSingleton<IDomainEventPublisher, StreamDomainEventPublisher>();
        // The one way grains keep state (registered by the grains themselves), and its settings.
        silo.AddStoredState();
        silo.Services.AddValidatedOptions<OutboxOptions, OutboxOptionsValidator>(configuration.GetSection(OutboxOptions.Section));
        // The records: MongoDB when configured; else in this process where the silo shares it (embedded), else none.
        silo.Services.AddRecords(configuration, inProcessFallback: memoryStreams);
        silo.Services.TryAddSingleton(new RecordsDelivery(Dedicated: false));
        silo.Services.AddValidatedOptions<CatalogOptions, CatalogOptionsValidator>(configuration.GetSection(CatalogOptions.Section));
        silo.Services.AddValidatedOptions<NotificationOptions, NotificationOptionsValidator>(configuration.GetSection(NotificationOptions.Section));
        silo.Services.AddAnalyticsOptions(configuration);
        silo.Services.AddValidatedOptions<EmailOptions, EmailOptionsValidator>(configuration.GetSection(EmailOptions.Section));
        silo.Services.AddSingleton<SmtpAlertMailer>();
        silo.Services.AddSingleton<IAlertMailer>(sp => sp.GetRequiredService<SmtpAlertMailer>());
        silo.Services.AddHostedService(sp => sp.GetRequiredService<SmtpAlertMailer>());
        silo.Services.TryAddSingleton<IPasswordHasher<CustomerProfile>, PasswordHasher<CustomerProfile>>();
        return silo;
    }

    /// <summary>Keeps the silo's outbox journal in Redis, so another silo recovers its grains' events if it dies.</summary>
    public static ISiloBuilder AddRedisOutboxJournal(this ISiloBuilder silo, StackExchange.Redis.ConfigurationOptions redis)
    {
        silo.Services.AddSingleton<IOutboxJournalStore>(sp => ActivatorUtilities.CreateInstance<RedisOutboxJournalStore>(sp, redis));
        return silo;
    }

    /// <summary>Configures an Orleans client (an API node in cluster mode) that finds the silos through Redis.</summary>
    public static IClientBuilder AddEcommerceClient(this IClientBuilder client, IConfiguration configuration)
    {
        var cluster = configuration.GetClusterOptions();
        var redis = configuration.GetRedisOptions();
        client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (cluster.ClusterId, cluster.ServiceId));
        client.UseRedisClustering(o => o.ConfigurationOptions = redis.ToConfigurationOptions());
        client.AddActivityPropagation();
        client.Services.AddGrainInterfaceTypeCache();
        DashboardHosting.AddEcommerceDashboard(client, configuration);
        // A client has no consumers to retry, but a bad or missing setting should stop it as it stops a silo.
        configuration.GetEventStreamOptions();
        client.Services.AddRabbitMqMessageSerializer<DomainEventJsonSerializer>(StreamProviders.Events);
        client.AddRabbitMqStreams(
            StreamProviders.Events,
            o => o.BindSettings(configuration.GetSection(EventStreamOptions.Section)).Configure(EventStreamOptions.FixedSettings));
        return client;
    }
}

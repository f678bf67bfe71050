using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Orleans.Streaming.RabbitMQ;

/// <summary>Settings of one RabbitMQ stream provider.</summary>
public sealed class RabbitMqStreamOptions : IValidatableObject
{
    /// <summary>The broker, as an AMQP URI: <c>amqp://user:password@host:port/vhost</c>.</summary>
    public string ConnectionString { get; set; } = "amqp://guest:guest@localhost:5672/";

    /// <summary>
    /// Exchanges declared (durable) at start-up. A stream's namespace names its exchange and its key is the
    /// routing key, so any AMQP program can bind a queue to these exchanges and read the events. Exchanges of
    /// other namespaces are declared on first use.
    /// </summary>
    public IList<string> Exchanges { get; set; } = [];

    /// <summary>The type of the exchanges: <c>topic</c> (the default) or <c>fanout</c>; either passes every message on to the provider's queues.</summary>
    public string ExchangeType { get; set; } = "topic";

    /// <summary>
    /// How many durable queues carry the provider's own consumption. Each is read by one silo at a time;
    /// the queue balancer spreads them over the silos and moves them when a silo leaves.
    /// </summary>
    public int QueueCount { get; set; } = 8;

    /// <summary>
    /// Put before an exchange's name to make the namespace of the streams its messages are delivered on (and taken off
    /// a namespace to find the exchange to publish to). Implicit subscriptions match namespaces whatever the provider,
    /// so a second provider reading the same exchanges for other consumers (with queues of its own, other retries)
    /// needs namespaces of its own: <c>records/</c> makes <c>order_exchange</c> arrive as <c>records/order_exchange</c>.
    /// </summary>
    public string StreamNamespacePrefix { get; set; } = "";

    /// <summary>Prefix of the provider's queues and internal exchange; by default <c>{ServiceId}.{provider name}</c>.</summary>
    public string? QueueNamePrefix { get; set; }

    /// <summary>Unacknowledged messages one queue's consumer may hold (AMQP prefetch).</summary>
    public ushort PrefetchCount { get; set; } = 512;

    /// <summary>The most published messages awaiting the broker's confirm at once; more wait their turn.</summary>
    public int MaxUnconfirmedPublishes { get; set; } = 1024;

    /// <summary>How long one publish may wait for its confirm before it fails (and is retried by its caller).</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The pause between attempts to reach the broker while it is down.</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The key that signs every message the provider publishes (HMAC-SHA256 in the <c>x-signature</c> header) and that
    /// a message must be signed with to be delivered: anything else goes to the dead-letter queue as
    /// <c>unauthenticated</c>, so only holders of the key can feed the provider's consumers. At least 32 bytes (UTF-8).
    /// <see langword="null"/> turns signing and checking off.
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>Further keys a message may be signed with (for rotating <see cref="SigningKey"/>: add the new key here on every silo first).</summary>
    public IList<string> AcceptedSigningKeys { get; set; } = [];

    /// <summary>
    /// Reads the settings from a configuration section whose keys are the property names (<c>RabbitMQ:QueueCount</c>);
    /// a bad value is then reported under its key there. See also <see cref="RabbitMqStreamOptionsBinding.BindSettings"/>.
    /// </summary>
    public static RabbitMqStreamOptions FromConfiguration(IConfigurationSection section)
    {
        var options = new RabbitMqStreamOptions();
        RabbitMqStreamOptionsBinding.Bind(options, section);
        return options;
    }

    /// <inheritdoc/>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Uri.TryCreate(ConnectionString, UriKind.Absolute, out var uri) || (uri.Scheme != "amqp" && uri.Scheme != "amqps"))
        {
            yield return Fail(nameof(ConnectionString), $"must be an amqp:// or amqps:// URI (was '{ConnectionString}')");
        }

        if (ExchangeType is not ("topic" or "fanout"))
        {
            yield return Fail(nameof(ExchangeType), $"must be topic or fanout (was '{ExchangeType}')");
        }

        if (QueueCount is < 1 or > 1024)
        {
            yield return Fail(nameof(QueueCount), $"must be from 1 to 1024 (was {QueueCount})");
        }

        if (PrefetchCount == 0)
        {
            yield return Fail(nameof(PrefetchCount), "must be at least 1");
        }

        if (MaxUnconfirmedPublishes is < 1 or > 65_536)
        {
            yield return Fail(nameof(MaxUnconfirmedPublishes), $"must be from 1 to 65536 (was {MaxUnconfirmedPublishes})");
        }

        if (PublishTimeout <= TimeSpan.Zero)
        {
            yield return Fail(nameof(PublishTimeout), "must be positive");
        }

        if (ReconnectDelay <= TimeSpan.Zero)
        {
            yield return Fail(nameof(ReconnectDelay), "must be positive");
        }

        if (SigningKey is { } key && System.Text.Encoding.UTF8.GetByteCount(key) < MessageSignature.MinKeyBytes)
        {
            yield return Fail(nameof(SigningKey), $"must be at least {MessageSignature.MinKeyBytes} bytes long");
        }

        if (AcceptedSigningKeys.Any(k => System.Text.Encoding.UTF8.GetByteCount(k) < MessageSignature.MinKeyBytes))
        {
            yield return Fail(nameof(AcceptedSigningKeys), $"must hold only keys of at least {MessageSignature.MinKeyBytes} bytes");
        }

        if (AcceptedSigningKeys.Count > 0 && SigningKey is null)
        {
            yield return Fail(nameof(AcceptedSigningKeys), $"needs {nameof(SigningKey)} to be set");
        }

        if (Exchanges.Any(string.IsNullOrWhiteSpace))
        {
            yield return Fail(nameof(Exchanges), "must not contain an empty name");
        }
    }

    private ValidationResult Fail(string setting, string problem) => new($"{SettingNames}{setting} {problem}.");

    /// <summary>What a setting's name starts with in a validation message: the section's path once bound from configuration.</summary>
    internal string SettingNames { get; set; } = $"{nameof(RabbitMqStreamOptions)}.";

    /// <summary>The name this provider's queues and internal exchange start with.</summary>
    internal string ResolvedPrefix { get; set; } = "";

    /// <summary>The provider's queue for partition <paramref name="partition"/>.</summary>
    internal string QueueName(uint partition) => $"{ResolvedPrefix}.{partition}";

    /// <summary>The headers exchange that spreads the public exchanges' messages over the provider's queues.</summary>
    internal string PartitionExchange => $"{ResolvedPrefix}.partitions";

    /// <summary>Where messages that could not be read or delivered go, with the error in their headers.</summary>
    internal string DeadLetterQueue => $"{ResolvedPrefix}.dead-letter";
}

/// <summary>Binding <see cref="RabbitMqStreamOptions"/> to configuration.</summary>
public static class RabbitMqStreamOptionsBinding
{
    /// <summary>
    /// Binds the provider's settings to <paramref name="section"/>, whose keys are the property names; a bad value is
    /// reported under its key there (<c>RabbitMQ:QueueCount must be …</c>).
    /// </summary>
    public static OptionsBuilder<RabbitMqStreamOptions> BindSettings(this OptionsBuilder<RabbitMqStreamOptions> builder, IConfigurationSection section) =>
        builder.Configure(options => Bind(options, section));

    internal static void Bind(RabbitMqStreamOptions options, IConfigurationSection section)
    {
        section.Bind(options);
        options.SettingNames = $"{section.Path}:";
    }
}

/// <summary>Checks <see cref="RabbitMqStreamOptions"/> (generated).</summary>
[OptionsValidator]
public sealed partial class RabbitMqStreamOptionsValidator : IValidateOptions<RabbitMqStreamOptions>;

/// <summary>
/// Orleans' start-up check of a named stream provider's settings: runs <see cref="RabbitMqStreamOptionsValidator"/> on the
/// provider's options, so the rules live once, and names the provider in the failure.
/// </summary>
public sealed class RabbitMqStreamConfigurationValidator(RabbitMqStreamOptions options, string name) : IConfigurationValidator
{
    /// <summary>Creates the check for the provider <paramref name="name"/>.</summary>
    public static IConfigurationValidator Create(IServiceProvider services, string name) =>
        new RabbitMqStreamConfigurationValidator(services.GetOptionsByName<RabbitMqStreamOptions>(name), name);

    /// <inheritdoc/>
    public void ValidateConfiguration()
    {
        var result = new RabbitMqStreamOptionsValidator().Validate(name, options);
        if (result.Failed)
        {
            throw new OrleansConfigurationException($"RabbitMQ stream provider '{name}': {string.Join(" ", result.Failures)}");
        }
    }
}

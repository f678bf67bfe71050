using System.ComponentModel.DataAnnotations;
using EcommerceBackend.Contracts.Events;
using Orleans.Streaming.RabbitMQ;

namespace EcommerceBackend.ClusterHosting;

/// <summary>How domain events travel in cluster mode (section <c>RabbitMQ</c>; <c>RABBITMQ_URI</c> or <c>RABBITMQ_URL</c>).</summary>
public sealed class EventStreamOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string Section = "RabbitMQ";

    /// <summary>The broker, as an AMQP URI.</summary>
    public string ConnectionString { get; set; } = "amqp://guest:guest@localhost:5672/";

    /// <summary>How many queues carry the cluster's own consumption (spread over the silos).</summary>
    public int QueueCount { get; set; } = 8;

    /// <summary>Unacknowledged messages one queue's consumer may hold.</summary>
    public ushort PrefetchCount { get; set; } = 512;

    /// <summary>How often a silo looks for new messages on each queue it owns.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>How long a failing consumer is retried (with backoff) before its message goes to the dead-letter queue.</summary>
    public TimeSpan MaxDeliveryTime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The first pause between retries of a failing consumer; it doubles up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryMinDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest pause between retries of a failing consumer.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The key (at least 32 bytes, the same on every silo and API node) that signs the events the cluster publishes;
    /// consumers in the cluster act only on events signed with it. Required in cluster mode.
    /// </summary>
    public string? SigningKey { get; set; }

    /// <inheritdoc/>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Uri.TryCreate(ConnectionString, UriKind.Absolute, out var uri) || uri.Scheme is not ("amqp" or "amqps"))
        {
            yield return new ValidationResult($"RabbitMQ:ConnectionString (RABBITMQ_URI) must be an amqp:// URI (was '{ConnectionString}').");
        }

        if (QueueCount is < 1 or > 1024)
        {
            yield return new ValidationResult($"RabbitMQ:QueueCount must be from 1 to 1024 (was {QueueCount}).");
        }

        if (PrefetchCount == 0)
        {
            yield return new ValidationResult("RabbitMQ:PrefetchCount must be at least 1.");
        }

        if (PollInterval <= TimeSpan.Zero || PollInterval > TimeSpan.FromSeconds(10))
        {
            yield return new ValidationResult($"RabbitMQ:PollInterval must be above 0 and at most 00:00:10 (was {PollInterval}).");
        }

        if (MaxDeliveryTime <= TimeSpan.Zero)
        {
            yield return new ValidationResult($"RabbitMQ:MaxDeliveryTime must be positive (was {MaxDeliveryTime}).");
        }

        if (string.IsNullOrEmpty(SigningKey) || System.Text.Encoding.UTF8.GetByteCount(SigningKey) < MessageSignature.MinKeyBytes)
        {
            yield return new ValidationResult($"RabbitMQ:SigningKey (EVENTS_SIGNING_KEY) is required in cluster mode and must be at least {MessageSignature.MinKeyBytes} bytes long: it signs the events the cluster publishes.");
        }

        if (RetryMinDelay <= TimeSpan.Zero || RetryMaxDelay < RetryMinDelay)
        {
            yield return new ValidationResult($"RabbitMQ:RetryMinDelay must be positive and at most RabbitMQ:RetryMaxDelay (were {RetryMinDelay} and {RetryMaxDelay}).");
        }
    }

    /// <summary>Copies these settings onto the stream provider's options.</summary>
    public void Apply(RabbitMqStreamOptions options)
    {
        options.ConnectionString = ConnectionString;
        options.QueueCount = QueueCount;
        options.PrefetchCount = PrefetchCount;
        options.SigningKey = SigningKey;
        // Declared at start-up so a program that binds a queue before the first event finds them; the provider
        // would declare any other namespace on first publish, but an outside reader could miss what came first.
        options.Exchanges = [EventTypes.OrderExchange, EventTypes.ProductExchange, EventTypes.AlertExchange, EventTypes.CustomerExchange];
    }
}

using System.ComponentModel.DataAnnotations;
using EcommerceBackend.Contracts.Events;
using Orleans.Streaming.RabbitMQ;

namespace EcommerceBackend.ClusterHosting;

/// <summary>
/// The cluster's own rules for its domain events on RabbitMQ (section <c>RabbitMQ</c>): how its consumers are retried,
/// and that events are signed. The broker settings themselves (<c>RabbitMQ:ConnectionString</c>, <c>QueueCount</c>,
/// <c>PrefetchCount</c>, <c>SigningKey</c>, …) are the stream provider's <see cref="RabbitMqStreamOptions"/>, bound
/// from the same section and checked with these (<see cref="OrleansConfiguration.GetEventStreamOptions"/>).
/// </summary>
public sealed class EventStreamOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string Section = "RabbitMQ";

    /// <summary>How often a silo looks for new messages on each queue it owns.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>How long a failing consumer is retried (with backoff) before its message goes to the dead-letter queue.</summary>
    public TimeSpan MaxDeliveryTime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The first pause between retries of a failing consumer; it doubles up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryMinDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest pause between retries of a failing consumer.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The provider's <see cref="RabbitMqStreamOptions.SigningKey"/>, read here only for the cluster's rule: the provider
    /// makes signing optional, the cluster requires it (consumers act only on events signed with it).
    /// </summary>
    public string? SigningKey { get; set; }

    /// <inheritdoc/>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
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

    /// <summary>
    /// What the cluster fixes whatever the section holds: the original's topic exchanges, declared at start-up (so a
    /// program that binds a queue before the first event finds them; the provider would declare other namespaces on
    /// first publish, but an outside reader could miss what came first), streams named by the exchanges themselves, and
    /// the provider's own queue names, on which the consumers and the records' second provider rely.
    /// </summary>
    public static void FixedSettings(RabbitMqStreamOptions options)
    {
        options.Exchanges = [EventTypes.OrderExchange, EventTypes.ProductExchange, EventTypes.AlertExchange, EventTypes.CustomerExchange];
        options.ExchangeType = "topic";
        options.StreamNamespacePrefix = "";
        options.QueueNamePrefix = null;
    }
}

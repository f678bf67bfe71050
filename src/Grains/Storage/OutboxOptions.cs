using System.ComponentModel.DataAnnotations;

namespace EcommerceBackend.Grains.Storage;

/// <summary>How grains' outboxes behave (section <c>Events</c>).</summary>
public sealed class OutboxOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Events";

    /// <summary>
    /// How long after the broker confirmed an event its removal from the grain's stored outbox may wait, so the
    /// confirms of a burst share one write. A silo that dies repeats at most the events confirmed this long before.
    /// </summary>
    public TimeSpan FlushDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often a silo wakes grains that went idle with events unpublished, and looks for dead silos' journals.</summary>
    public TimeSpan RecoveryInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <inheritdoc/>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (FlushDelay < TimeSpan.FromMilliseconds(10) || FlushDelay > TimeSpan.FromSeconds(10))
        {
            yield return new ValidationResult($"Events:FlushDelay must be from 00:00:00.010 to 00:00:10 (was {FlushDelay}).");
        }

        if (RecoveryInterval < TimeSpan.FromMilliseconds(100) || RecoveryInterval > TimeSpan.FromMinutes(5))
        {
            yield return new ValidationResult($"Events:RecoveryInterval must be from 00:00:00.100 to 00:05:00 (was {RecoveryInterval}).");
        }
    }
}

using System.ComponentModel.DataAnnotations;

namespace EcommerceBackend.Grains.Notifications;

/// <summary>Notification settings of the silo (section <c>Notifications</c>).</summary>
public sealed class NotificationOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Notifications";

    /// <summary>The largest allowed <see cref="HistoryLimit"/>.</summary>
    public const int MaxHistoryLimit = 10_000;

    /// <summary>How many notifications an inbox keeps; past this the oldest are dropped.</summary>
    public int HistoryLimit { get; set; } = 200;

    /// <summary>
    /// How long an inbox remembers the id of an event it took in, to drop a repeat of it: far longer than an event can be
    /// repeated (see the replay window in the README), whether or not its notification is still kept.
    /// </summary>
    public TimeSpan SeenEventRetention { get; set; } = TimeSpan.FromDays(1);

    /// <inheritdoc/>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (HistoryLimit is < 1 or > MaxHistoryLimit)
        {
            yield return new ValidationResult($"Notifications:HistoryLimit must be from 1 to {MaxHistoryLimit} (was {HistoryLimit}).");
        }

        if (SeenEventRetention < TimeSpan.FromMinutes(10) || SeenEventRetention > TimeSpan.FromDays(30))
        {
            yield return new ValidationResult($"Notifications:SeenEventRetention must be from 00:10:00 to 30.00:00:00 (was {SeenEventRetention}).");
        }
    }
}

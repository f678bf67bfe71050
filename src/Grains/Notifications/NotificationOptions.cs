namespace EcommerceBackend.Grains.Notifications;

/// <summary>Notification settings of the silo (section <c>Notifications</c>).</summary>
public sealed class NotificationOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Notifications";

    /// <summary>The largest allowed <see cref="HistoryLimit"/>.</summary>
    public const int MaxHistoryLimit = 10_000;

    /// <summary>How many event ids an inbox remembers, per notification it keeps, to drop redeliveries of events whose notification was already dropped.</summary>
    public const int SeenEventsPerNotification = 4;

    /// <summary>How many notifications an inbox keeps; past this the oldest are dropped.</summary>
    public int HistoryLimit { get; set; } = 200;

    /// <summary>How many event ids an inbox remembers (more than it keeps notifications).</summary>
    public int SeenEventLimit => HistoryLimit * SeenEventsPerNotification;

    /// <summary>Checks the settings.</summary>
    public IEnumerable<string> Validate()
    {
        if (HistoryLimit is < 1 or > MaxHistoryLimit)
        {
            yield return $"Notifications:HistoryLimit must be from 1 to {MaxHistoryLimit} (was {HistoryLimit}).";
        }
    }
}

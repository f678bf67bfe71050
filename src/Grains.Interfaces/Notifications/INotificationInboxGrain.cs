namespace EcommerceBackend.Contracts.Notifications;

/// <summary>
/// The notifications of one customer (keyed by customer id), or of the admins (key
/// <see cref="NotificationInboxes.Admins"/>): newest first, the oldest dropped past a configured cap.
/// Each notification actually added emits <c>alert.sent</c>.
/// </summary>
[Alias("ecommerce.INotificationInboxGrain")]
public interface INotificationInboxGrain : IGrainWithStringKey
{
    /// <summary>
    /// Adds a notification; returns it, or <see langword="null"/> when the inbox already had one for the same
    /// event id (then nothing changes and no <c>alert.sent</c> goes out).
    /// </summary>
    [Alias("Add")]
    Task<Notification?> AddAsync(NewNotification notification);

    /// <summary>One page of the inbox, newest first, filtered, with the unread count.</summary>
    [Alias("List")]
    Task<NotificationPage> ListAsync(NotificationQuery query);

    /// <summary>How many notifications are unread.</summary>
    [Alias("UnreadCount")]
    Task<int> GetUnreadCountAsync();

    /// <summary>Marks one notification read; <see langword="null"/> when the inbox has no such id. Marking a read one again changes nothing.</summary>
    [Alias("MarkRead")]
    Task<Notification?> MarkReadAsync(string notificationId);

    /// <summary>Marks every notification read; returns how many were unread.</summary>
    [Alias("MarkAllRead")]
    Task<int> MarkAllReadAsync();
}

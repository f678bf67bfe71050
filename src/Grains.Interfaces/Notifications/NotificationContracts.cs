namespace EcommerceBackend.Contracts.Notifications;

/// <summary>The well-known inbox keys and the kinds of notification.</summary>
public static class NotificationInboxes
{
    /// <summary>The key of the one inbox shared by every admin (customer inboxes are keyed by customer id).</summary>
    public const string Admins = "admins";
}

/// <summary>A notification to put in an inbox, made from the domain event that caused it.</summary>
[GenerateSerializer, Alias("ecommerce.NewNotification")]
public sealed record NewNotification
{
    /// <summary>The id of the event that caused it: the idempotency key (a second notification for the same event is dropped).</summary>
    [Id(0)] public required string EventId { get; init; }

    /// <summary>The kind: the routing key of the event, e.g. <c>order.created</c> or <c>product.stock_low</c>.</summary>
    [Id(1)] public required string Type { get; init; }

    /// <summary>A short headline.</summary>
    [Id(2)] public required string Title { get; init; }

    /// <summary>The text.</summary>
    [Id(3)] public required string Message { get; init; }

    /// <summary>The entity it is about (an order or a product id).</summary>
    [Id(4)] public required string Subject { get; init; }

    /// <summary>When the event happened; the inbox lists newest first by this time.</summary>
    [Id(5)] public required DateTimeOffset Time { get; init; }
}

/// <summary>A notification as an inbox holds it.</summary>
[GenerateSerializer, Immutable, Alias("ecommerce.Notification")]
public sealed record Notification
{
    /// <summary>The notification id.</summary>
    [Id(0)] public required string Id { get; init; }

    /// <summary>The kind: the routing key of the event that caused it.</summary>
    [Id(1)] public required string Type { get; init; }

    /// <summary>A short headline.</summary>
    [Id(2)] public required string Title { get; init; }

    /// <summary>The text.</summary>
    [Id(3)] public required string Message { get; init; }

    /// <summary>The entity it is about (an order or a product id).</summary>
    [Id(4)] public required string Subject { get; init; }

    /// <summary>The id of the event that caused it.</summary>
    [Id(5)] public required string EventId { get; init; }

    /// <summary>When the event happened.</summary>
    [Id(6)] public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Whether it was read.</summary>
    [Id(7)] public bool Read { get; init; }

    /// <summary>When it was marked read; <see langword="null"/> while unread.</summary>
    [Id(8)] public DateTimeOffset? ReadAt { get; init; }
}

/// <summary>What to list from an inbox.</summary>
[GenerateSerializer, Alias("ecommerce.NotificationQuery")]
public sealed record NotificationQuery
{
    /// <summary>The page.</summary>
    [Id(0)] public required PageRequest Page { get; init; }

    /// <summary>Only unread (<see langword="true"/>) or only read (<see langword="false"/>) ones; all when <see langword="null"/>.</summary>
    [Id(1)] public bool? Unread { get; init; }

    /// <summary>Only this kind (a routing key); all when <see langword="null"/>.</summary>
    [Id(2)] public string? Type { get; init; }
}

/// <summary>One page of an inbox, newest first, with the inbox's unread count.</summary>
[GenerateSerializer, Alias("ecommerce.NotificationPage")]
public sealed record NotificationPage
{
    /// <summary>The matching notifications of this page.</summary>
    [Id(0)] public required PagedResult<Notification> Result { get; init; }

    /// <summary>How many notifications of the whole inbox are unread (whatever the filter).</summary>
    [Id(1)] public required int UnreadCount { get; init; }
}

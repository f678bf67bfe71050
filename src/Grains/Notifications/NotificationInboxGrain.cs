using EcommerceBackend.Grains.Events;
using Microsoft.Extensions.Options;

namespace EcommerceBackend.Grains.Notifications;

/// <summary>The persisted state of an inbox.</summary>
[GenerateSerializer, Alias("ecommerce.NotificationInboxState")]
public sealed record NotificationInboxState
{
    /// <summary>The notifications kept, newest first.</summary>
    [Id(0)] public List<Notification> Notifications { get; init; } = [];

    /// <summary>The ids of the events already turned into notifications, oldest first, bounded (longer than the notifications kept).</summary>
    [Id(1)] public List<string> SeenEventIds { get; init; } = [];

    /// <summary>Events recorded with the change that caused them and not yet published.</summary>
    [Id(2)] public List<DomainEvent> Outbox { get; init; } = [];
}

/// <inheritdoc cref="INotificationInboxGrain"/>
public sealed class NotificationInboxGrain(
    [PersistentState("inbox", StorageNames.Notifications)] IPersistentState<NotificationInboxState> state,
    EventOutbox outbox,
    IOptions<NotificationOptions> options,
    TimeProvider time) : Grain, INotificationInboxGrain
{
    private const string Source = "ecommerce-backend/notifications";

    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    private string Recipient => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _seen.UnionWith(state.State.SeenEventIds);
        outbox.Publish(this, state.State.Outbox);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        outbox.SaveOnDeactivationAsync(state);

    public async Task<Notification?> AddAsync(NewNotification notification)
    {
        if (_seen.Contains(notification.EventId))
        {
            return null;
        }

        var added = new Notification
        {
            Id = EntityId.New(time),
            Type = notification.Type,
            Title = notification.Title,
            Message = notification.Message,
            Subject = notification.Subject,
            EventId = notification.EventId,
            CreatedAt = notification.Time,
        };

        // Newest first; events arrive almost in order, so the spot is at or near the front.
        var list = state.State.Notifications;
        var at = 0;
        while (at < list.Count && Newer(list[at], added))
        {
            at++;
        }

        list.Insert(at, added);
        var limit = options.Value.HistoryLimit;
        if (list.Count > limit)
        {
            list.RemoveRange(limit, list.Count - limit);
        }

        _seen.Add(notification.EventId);
        var seen = state.State.SeenEventIds;
        seen.Add(notification.EventId);
        if (seen.Count > options.Value.SeenEventLimit)
        {
            var forget = seen.Count - options.Value.SeenEventLimit;
            _seen.ExceptWith(seen.Take(forget));
            seen.RemoveRange(0, forget);
        }

        state.State.Outbox.Add(new DomainEvent
        {
            Id = EntityId.New(time),
            Type = EventTypes.AlertSent,
            Source = Source,
            Time = time.GetUtcNow(),
            Subject = added.Id,
            Data = new AlertSentData
            {
                NotificationId = added.Id,
                Recipient = Recipient,
                Kind = added.Type,
                Title = added.Title,
                Message = added.Message,
                About = added.Subject,
                SourceEventId = added.EventId,
            },
        });
        await outbox.WriteStateAsync(state);
        outbox.Publish(this, state.State.Outbox);
        return added;
    }

    public Task<NotificationPage> ListAsync(NotificationQuery query)
    {
        var matching = state.State.Notifications
            .Where(n => (query.Unread is not { } unread || n.Read != unread) && (query.Type is null || n.Type == query.Type))
            .ToList();
        var page = new PagedResult<Notification>
        {
            Items = matching.Skip(query.Page.Skip).Take(query.Page.Limit).ToList(),
            Page = query.Page.Page,
            Limit = query.Page.Limit,
            Total = matching.Count,
        };
        return Task.FromResult(new NotificationPage { Result = page, UnreadCount = UnreadCount() });
    }

    public Task<int> GetUnreadCountAsync() => Task.FromResult(UnreadCount());

    public async Task<Notification?> MarkReadAsync(string notificationId)
    {
        var list = state.State.Notifications;
        var index = list.FindIndex(n => n.Id == notificationId);
        if (index < 0)
        {
            return null;
        }

        if (list[index].Read)
        {
            return list[index];
        }

        list[index] = list[index] with { Read = true, ReadAt = time.GetUtcNow() };
        await outbox.WriteStateAsync(state);
        return list[index];
    }

    public async Task<int> MarkAllReadAsync()
    {
        var list = state.State.Notifications;
        var now = time.GetUtcNow();
        var marked = 0;
        for (var i = 0; i < list.Count; i++)
        {
            if (!list[i].Read)
            {
                list[i] = list[i] with { Read = true, ReadAt = now };
                marked++;
            }
        }

        if (marked > 0)
        {
            await outbox.WriteStateAsync(state);
        }

        return marked;
    }

    private int UnreadCount() => state.State.Notifications.Count(n => !n.Read);

    private static bool Newer(Notification entry, Notification added) =>
        entry.CreatedAt > added.CreatedAt || (entry.CreatedAt == added.CreatedAt && string.CompareOrdinal(entry.Id, added.Id) > 0);
}

using System.Collections.Immutable;
using EcommerceBackend.Contracts;
using EcommerceBackend.Contracts.Events;
using EcommerceBackend.Contracts.Notifications;
using EcommerceBackend.Grains.Storage;
using Microsoft.Extensions.Options;

namespace EcommerceBackend.Grains.Notifications;

/// <summary>An event an inbox turned into a notification, remembered to drop its redeliveries.</summary>
[GenerateSerializer, Immutable, Alias("ecommerce.SeenEvent")]
public sealed record SeenEvent
{
    /// <summary>The event id.</summary>
    [Id(0)] public required string EventId { get; init; }

    /// <summary>When the inbox took it in.</summary>
    [Id(1)] public required DateTimeOffset At { get; init; }
}

/// <summary>The persisted state of an inbox.</summary>
[GenerateSerializer, Immutable, Alias("ecommerce.NotificationInboxState")]
public sealed record NotificationInboxState
{
    /// <summary>The notifications kept, newest first.</summary>
    [Id(3)] public ImmutableList<Notification> Notifications { get; init; } = [];

    /// <summary>
    /// The events already turned into notifications, oldest first, each kept for <see cref="NotificationOptions.SeenEventRetention"/>
    /// (far longer than an event can be repeated), whether or not its notification is still kept.
    /// </summary>
    [Id(4)] public ImmutableList<SeenEvent> Seen { get; init; } = [];
}

/// <inheritdoc cref="INotificationInboxGrain"/>
public sealed class NotificationInboxGrain(
    [StoredState("inbox", StorageNames.Notifications)] IStoredState<NotificationInboxState> state,
    IOptions<NotificationOptions> options,
    TimeProvider time) : Grain, INotificationInboxGrain
{
    private const string Source = "ecommerce-backend/notifications";

    // The ids in state.State.Seen, for lookups.
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    private string Recipient => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _seen.UnionWith(state.State.Seen.Select(e => e.EventId));
        return Task.CompletedTask;
    }

    public async Task<Notification?> AddAsync(NewNotification notification)
    {
        if (_seen.Contains(notification.EventId))
        {
            return null;
        }

        var now = time.GetUtcNow();
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

        list = list.Insert(at, added);
        var limit = options.Value.HistoryLimit;
        if (list.Count > limit)
        {
            list = list.RemoveRange(limit, list.Count - limit);
        }

        // Forgotten by age only: a count could forget an id while its event may still come again.
        var seen = state.State.Seen;
        var cutoff = now - options.Value.SeenEventRetention;
        var forget = 0;
        while (forget < seen.Count && seen[forget].At < cutoff)
        {
            forget++;
        }

        var forgotten = seen.GetRange(0, forget);
        seen = seen.RemoveRange(0, forget).Add(new SeenEvent { EventId = notification.EventId, At = now });

        await state.CommitAsync(
            new NotificationInboxState { Notifications = list, Seen = seen },
            new DomainEvent
            {
                Id = EntityId.New(time),
                Type = EventTypes.AlertSent,
                Source = Source,
                Time = now,
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
        _seen.ExceptWith(forgotten.Select(e => e.EventId));
        _seen.Add(notification.EventId);
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

        var read = list[index] with { Read = true, ReadAt = time.GetUtcNow() };
        await state.CommitAsync(state.State with { Notifications = list.SetItem(index, read) });
        return read;
    }

    public async Task<int> MarkAllReadAsync()
    {
        var now = time.GetUtcNow();
        var marked = 0;
        var list = state.State.Notifications.ConvertAll(n =>
        {
            if (n.Read)
            {
                return n;
            }

            marked++;
            return n with { Read = true, ReadAt = now };
        });
        if (marked > 0)
        {
            await state.CommitAsync(state.State with { Notifications = list });
        }

        return marked;
    }

    private int UnreadCount() => state.State.Notifications.Count(n => !n.Read);

    private static bool Newer(Notification entry, Notification added) =>
        entry.CreatedAt > added.CreatedAt || (entry.CreatedAt == added.CreatedAt && string.CompareOrdinal(entry.Id, added.Id) > 0);
}

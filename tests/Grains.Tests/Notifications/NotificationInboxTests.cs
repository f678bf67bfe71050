using EcommerceBackend.Contracts;
using EcommerceBackend.Contracts.Events;
using EcommerceBackend.Contracts.Notifications;
using EcommerceBackend.Grains.Events;
using EcommerceBackend.Grains.Notifications;
using EcommerceBackend.Grains.Tests.Infrastructure;

namespace EcommerceBackend.Grains.Tests.Notifications;

/// <summary>An inbox keeps its newest notifications, counts the unread, and adds each event at most once.</summary>
public sealed class NotificationInboxTests(ClusterFixture fixture) : NotificationTest(fixture)
{
    [Fact]
    public async Task Notifications_list_newest_first_and_the_oldest_are_dropped_past_the_history_limit()
    {
        var key = EntityId.New();
        var limit = HistoryLimit;
        var t = DateTimeOffset.UtcNow;
        var added = new List<Notification>();
        for (var i = 0; i < limit + 5; i++)
        {
            added.Add(Assert.IsType<Notification>(await Inbox(key).AddAsync(Note(t.AddSeconds(i)))));
        }

        var all = await AllAsync(key);
        Assert.Equal(limit, all.Count);
        Assert.Equal(Enumerable.Reverse(added).Take(limit).Select(n => n.Id), all.Select(n => n.Id));
        var page = await Inbox(key).ListAsync(new NotificationQuery { Page = new PageRequest { Page = 2, Limit = 10 } });
        Assert.Equal((limit, 2, 10), (page.Result.Total, page.Result.Page, page.Result.Limit));
        Assert.Equal(all.Skip(10).Take(10).Select(n => n.Id), page.Result.Items.Select(n => n.Id));
        Assert.Equal(limit, page.UnreadCount);

        // A late event goes where its time puts it, not at the front.
        var late = Assert.IsType<Notification>(await Inbox(key).AddAsync(Note(t.AddSeconds(limit + 2).AddMilliseconds(500))));
        all = await AllAsync(key);
        Assert.Equal(limit, all.Count);
        Assert.Equal(late.Id, all[2].Id);
    }

    [Fact]
    public async Task Unread_count_falls_as_one_or_all_are_marked_read_and_marking_again_changes_nothing()
    {
        var key = EntityId.New();
        var t = DateTimeOffset.UtcNow;
        var first = (await Inbox(key).AddAsync(Note(t)))!;
        var second = (await Inbox(key).AddAsync(Note(t.AddSeconds(1))))!;
        await Inbox(key).AddAsync(Note(t.AddSeconds(2)));
        Assert.Equal(3, await Inbox(key).GetUnreadCountAsync());

        var read = await Inbox(key).MarkReadAsync(second.Id);
        Assert.NotNull(read);
        Assert.True(read.Read);
        Assert.NotNull(read.ReadAt);
        Assert.Equal(2, await Inbox(key).GetUnreadCountAsync());
        Assert.Equal(read, await Inbox(key).MarkReadAsync(second.Id));
        Assert.Null(await Inbox(key).MarkReadAsync(EntityId.New()));
        Assert.Equal(2, await Inbox(key).GetUnreadCountAsync());

        var unread = await Inbox(key).ListAsync(new NotificationQuery { Page = new PageRequest { Page = 1, Limit = 10 }, Unread = true });
        Assert.Equal((2, 2), (unread.Result.Total, unread.UnreadCount));
        Assert.DoesNotContain(unread.Result.Items, n => n.Id == second.Id);
        var readOnes = await Inbox(key).ListAsync(new NotificationQuery { Page = new PageRequest { Page = 1, Limit = 10 }, Unread = false });
        Assert.Equal(second.Id, Assert.Single(readOnes.Result.Items).Id);

        Assert.Equal(2, await Inbox(key).MarkAllReadAsync());
        Assert.Equal(0, await Inbox(key).GetUnreadCountAsync());
        Assert.Equal(0, await Inbox(key).MarkAllReadAsync());
        Assert.All(await AllAsync(key), n => Assert.True(n.Read));
        Assert.Contains(await AllAsync(key), n => n.Id == first.Id);
    }

    [Fact]
    public async Task The_type_filter_lists_only_that_kind()
    {
        var key = EntityId.New();
        var t = DateTimeOffset.UtcNow;
        await Inbox(key).AddAsync(Note(t, type: EventTypes.OrderCreated));
        var updated = (await Inbox(key).AddAsync(Note(t.AddSeconds(1), type: EventTypes.OrderUpdated)))!;
        await Inbox(key).AddAsync(Note(t.AddSeconds(2), type: EventTypes.OrderCancelled));

        Assert.Equal(updated.Id, Assert.Single(await AllAsync(key, EventTypes.OrderUpdated)).Id);
        Assert.Empty(await AllAsync(key, EventTypes.ProductStockLow));
    }

    [Fact]
    public async Task Adding_the_same_event_twice_changes_nothing_and_emits_one_alert_sent()
    {
        var key = EntityId.New();
        var note = Note(DateTimeOffset.UtcNow);

        var added = await Inbox(key).AddAsync(note);
        Assert.NotNull(added);
        Assert.Null(await Inbox(key).AddAsync(note));
        Assert.Null(await Inbox(key).AddAsync(note with { Title = "A different text for the same event" }));

        Assert.Equal(added, Assert.Single(await AllAsync(key)));
        Assert.Equal(1, await Inbox(key).GetUnreadCountAsync());
        var sent = Assert.Single(await Events.ExactlyAsync(added.Id, EventTypes.AlertSent, 1));
        var data = Assert.IsType<AlertSentData>(sent.Data);
        Assert.Equal(
            (added.Id, key, note.Type, note.Title, note.Message, note.Subject, note.EventId),
            (data.NotificationId, data.Recipient, data.Kind, data.Title, data.Message, data.About, data.SourceEventId));
        Assert.Equal(EventTypes.AlertExchange, sent.Exchange);
    }

    [Fact]
    public async Task An_event_whose_notification_was_dropped_past_the_limit_is_still_not_added_again()
    {
        var key = EntityId.New();
        var t = DateTimeOffset.UtcNow;
        var oldest = Note(t);
        await Inbox(key).AddAsync(oldest);
        for (var i = 1; i <= HistoryLimit; i++)
        {
            await Inbox(key).AddAsync(Note(t.AddSeconds(i)));
        }

        Assert.DoesNotContain(await AllAsync(key), n => n.EventId == oldest.EventId);
        Assert.Null(await Inbox(key).AddAsync(oldest));
        Assert.DoesNotContain(await AllAsync(key), n => n.EventId == oldest.EventId);
    }

    [Fact]
    public async Task An_inbox_stores_its_notifications_and_seen_event_ids_in_its_own_record()
    {
        var key = EntityId.New();
        var note = Note(DateTimeOffset.UtcNow);
        var added = (await Inbox(key).AddAsync(note))!;
        await Inbox(key).MarkReadAsync(added.Id);

        var keys = await Fixture.StateKeysAsync($"*{key}*");
        Assert.Single(keys);
        var data = (await Fixture.Redis.HashGetAsync(keys[0], "data")).ToString();
        Assert.Contains(added.Id, data, StringComparison.Ordinal);
        Assert.Contains(note.EventId, data, StringComparison.Ordinal);
    }
}

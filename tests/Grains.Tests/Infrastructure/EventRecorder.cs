using System.Collections.Concurrent;
using EcommerceBackend.Contracts;
using EcommerceBackend.Contracts.Events;
using EcommerceBackend.Grains.Events;
using Orleans.Streaming.RabbitMQ.Tests.Infrastructure;
using Orleans.Streams;

namespace EcommerceBackend.Grains.Tests.Infrastructure;

/// <summary>One event as the test subscriber received it, with the stream it came on.</summary>
public sealed record RecordedEvent(StreamId Stream, DomainEvent Event);

/// <summary>
/// A consumer of the domain event streams, subscribed from the cluster client as an outside consumer would be.
/// It keeps every event it receives; tests look only at the subjects (order and product ids) they own.
/// <para>
/// <see cref="SettleAsync"/> is how a test knows that nothing more is on its way: it sends a marker event down
/// each stream and waits for all of them. A stream delivers in order, so once its marker arrives, every event
/// that was published on it before has arrived too, and a count taken then is final.
/// </para>
/// </summary>
public sealed class EventRecorder
{
    /// <summary>The event types the recorder subscribes to: every order, product, alert and customer event.</summary>
    public static readonly IReadOnlyList<string> Types =
    [
        EventTypes.OrderCreated, EventTypes.OrderUpdated, EventTypes.OrderCancelled,
        EventTypes.ProductUpdated, EventTypes.ProductStockLow, EventTypes.AlertSent, EventTypes.CustomerRegistered,
    ];

    /// <summary>How long a test waits for events that are due before it fails.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    private const string MarkerSource = "grains-tests/settle-marker";

    private readonly IStreamProvider _provider;
    private readonly ConcurrentQueue<RecordedEvent> _received = new();
    private readonly ConcurrentDictionary<string, byte> _markers = new();
    private readonly List<StreamSubscriptionHandle<DomainEvent>> _subscriptions = [];

    private EventRecorder(IStreamProvider provider) => _provider = provider;

    /// <summary>Subscribes to every stream of <see cref="Types"/> through <paramref name="client"/>.</summary>
    public static async Task<EventRecorder> StartAsync(IClusterClient client)
    {
        var recorder = new EventRecorder(client.GetStreamProvider(StreamProviders.Events));
        foreach (var type in Types)
        {
            var streamId = StreamDomainEventPublisher.StreamOf(type);
            var handle = await recorder._provider.GetStream<DomainEvent>(streamId).SubscribeAsync((e, _) =>
            {
                recorder.Receive(streamId, e);
                return Task.CompletedTask;
            });
            recorder._subscriptions.Add(handle);
        }

        return recorder;
    }

    /// <summary>Ends the subscriptions.</summary>
    public async Task StopAsync()
    {
        foreach (var subscription in _subscriptions)
        {
            await subscription.UnsubscribeAsync();
        }

        _subscriptions.Clear();
    }

    /// <summary>
    /// Leaves out a product's <c>product.updated</c> for its creation, so a test can count the changes it made after
    /// setting the product up.
    /// </summary>
    public static readonly Func<RecordedEvent, bool> Changes =
        r => r.Event.Data is not ProductUpdatedData { Reason: ProductUpdatedData.CreatedReason };

    /// <summary>Every event about <paramref name="subject"/> received so far, in arrival order, optionally of one type and matching <paramref name="where"/>.</summary>
    public IReadOnlyList<RecordedEvent> About(string subject, string? type = null, Func<RecordedEvent, bool>? where = null) =>
        _received.Where(r => r.Event.Subject == subject && (type is null || r.Event.Type == type) && (where is null || where(r))).ToList();

    /// <summary>Waits (polling, up to <see cref="Deadline"/>) until at least <paramref name="count"/> events match.</summary>
    public Task WaitForAsync(string subject, string type, int count, Func<RecordedEvent, bool>? where = null) =>
        Eventually.Until(
            $"{count} {type} event(s) about {subject}",
            () => new Arrivals(About(subject, type, where).Count, About(subject).Select(r => r.Event.Type).ToList()),
            arrivals => arrivals.Matching >= count,
            Deadline);

    /// <summary>
    /// Returns when every event published on the recorded streams before this call has been received: sends a
    /// marker down each stream and waits until all markers are back.
    /// </summary>
    public async Task SettleAsync()
    {
        var markers = new List<string>();
        foreach (var type in Types)
        {
            var marker = $"settle-marker-{Guid.NewGuid():N}";
            markers.Add(marker);
            await _provider.GetStream<DomainEvent>(StreamDomainEventPublisher.StreamOf(type)).OnNextAsync(new DomainEvent
            {
                Id = marker,
                Type = type,
                Source = MarkerSource,
                Time = DateTimeOffset.UtcNow,
                Subject = marker,
                Data = new ProductStockLowData { ProductId = marker, Name = "settle marker", Stock = 0, Threshold = 0 },
            });
        }

        await Eventually.Until(
            "the event streams to deliver their settle markers",
            () => markers.Where(m => !_markers.ContainsKey(m)).ToList(),
            missing => missing.Count == 0,
            Deadline);
    }

    /// <summary>
    /// Waits until <paramref name="count"/> events of <paramref name="type"/> about <paramref name="subject"/> have
    /// arrived, lets the streams settle, and asserts that exactly that many arrived: none missing, none repeated.
    /// </summary>
    public async Task<IReadOnlyList<DomainEvent>> ExactlyAsync(string subject, string type, int count, Func<RecordedEvent, bool>? where = null)
    {
        await WaitForAsync(subject, type, count, where);
        await SettleAsync();
        var events = About(subject, type, where);
        Assert.True(events.Count == count, $"Expected exactly {count} {type} event(s) about {subject}; got {events.Count}.");
        foreach (var recorded in events)
        {
            AssertEnvelope(recorded, type, subject);
        }

        Assert.Equal(events.Count, events.Select(r => r.Event.Id).Distinct().Count());
        return events.Select(r => r.Event).ToList();
    }

    /// <summary>Checks an event's envelope: a fresh well-formed id, the type it travelled under, its subject and payload type.</summary>
    public static void AssertEnvelope(RecordedEvent recorded, string type, string subject)
    {
        var e = recorded.Event;
        Assert.True(EntityId.IsWellFormed(e.Id), $"event id '{e.Id}' should be an entity id");
        Assert.Equal(type, e.Type);
        Assert.Equal(StreamDomainEventPublisher.StreamOf(type), recorded.Stream);
        Assert.Equal(recorded.Stream.GetKeyAsString(), e.Type);
        Assert.Equal(EventTypes.ExchangeOf(type), e.Exchange);
        Assert.Equal(subject, e.Subject);
        Assert.False(string.IsNullOrEmpty(e.Source));
        Assert.NotEqual(default, e.Time);
        switch (type)
        {
            case EventTypes.OrderCreated or EventTypes.OrderUpdated or EventTypes.OrderCancelled:
                Assert.Equal(subject, Assert.IsType<OrderEventData>(e.Data).Order.Id);
                break;
            case EventTypes.ProductUpdated:
                Assert.Equal(subject, Assert.IsType<ProductUpdatedData>(e.Data).ProductId);
                break;
            case EventTypes.ProductStockLow:
                Assert.Equal(subject, Assert.IsType<ProductStockLowData>(e.Data).ProductId);
                break;
            case EventTypes.AlertSent:
                Assert.Equal(subject, Assert.IsType<AlertSentData>(e.Data).NotificationId);
                break;
            case EventTypes.CustomerRegistered:
                Assert.Equal(subject, Assert.IsType<CustomerRegisteredData>(e.Data).CustomerId);
                break;
            default:
                Assert.Fail($"No payload check for {type}.");
                break;
        }
    }

    private void Receive(StreamId stream, DomainEvent e)
    {
        if (e.Source == MarkerSource)
        {
            _markers.TryAdd(e.Subject, 0);
            return;
        }

        _received.Enqueue(new RecordedEvent(stream, e));
    }

    /// <summary>What a wait for events last saw: the matching count, and every event type about the subject (the failure message shows it).</summary>
    private sealed record Arrivals(int Matching, IReadOnlyList<string> Received)
    {
        public override string ToString() => $"{Matching} matching; received about it: [{string.Join(", ", Received)}]";
    }
}

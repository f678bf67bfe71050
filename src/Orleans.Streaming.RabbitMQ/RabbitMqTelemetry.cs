using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text;

namespace Orleans.Streaming.RabbitMQ;

/// <summary>
/// The provider's traces and metrics, under one name (<see cref="Name"/>) for both its <see cref="ActivitySource"/>
/// and its <see cref="Meter"/>: a host that wants them adds the source and the meter by that name.
/// <para>
/// A message carries the publisher's W3C trace context in its <c>traceparent</c>/<c>tracestate</c> headers. The
/// receiver hands it on in the delivered batch's request context (<see cref="TraceParentKey"/>), since Orleans'
/// own activity propagation starts a fresh trace for the pulling agent's delivery call; a consumer continues the
/// publisher's trace by wrapping its handling in <see cref="StartProcessActivity"/>.
/// </para>
/// </summary>
public static class RabbitMqTelemetry
{
    /// <summary>The name of the provider's activity source and meter.</summary>
    public const string Name = "Orleans.Streaming.RabbitMQ";

    /// <summary>The request context key of the publisher's <c>traceparent</c> on delivery.</summary>
    public const string TraceParentKey = "rabbitmq.traceparent";

    /// <summary>The request context key of the publisher's <c>tracestate</c> on delivery.</summary>
    public const string TraceStateKey = "rabbitmq.tracestate";

    internal const string TraceParentHeader = "traceparent";
    internal const string TraceStateHeader = "tracestate";

    internal static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    // Receivers alive in this process, for the backlog gauge: each knows what it holds without asking the broker.
    private static readonly ConcurrentDictionary<Providers.RabbitMqQueueAdapterReceiver, string> Receivers = new();

    internal static readonly Counter<long> Published = Meter.CreateCounter<long>(
        "orleans.streaming.rabbitmq.published", "{message}", "Messages the broker confirmed.");

    internal static readonly Counter<long> Consumed = Meter.CreateCounter<long>(
        "orleans.streaming.rabbitmq.consumed", "{message}", "Messages read from the provider's queues and handed to the pulling agents.");

    internal static readonly Counter<long> DeadLettered = Meter.CreateCounter<long>(
        "orleans.streaming.rabbitmq.dead_lettered", "{message}", "Messages moved to the dead-letter queue, by reason.");

    static RabbitMqTelemetry() =>
        Meter.CreateObservableGauge(
            "orleans.streaming.rabbitmq.backlog",
            () => Receivers.Select(r => new Measurement<int>(r.Key.Backlog, new KeyValuePair<string, object?>("messaging.destination.name", r.Value))),
            "{message}",
            "Messages this process took from a queue and has not yet acknowledged or dead-lettered (the broker's own queue depth is in its metrics).");

    /// <summary>
    /// Starts the span of handling one delivered event, as a child of the span that published it when the delivery
    /// carries its trace context, else of the current activity. Dispose of it when the handling ends.
    /// </summary>
    /// <param name="destination">What was consumed, e.g. the routing key; the span is named <c>process {destination}</c>.</param>
    /// <param name="consumer">Who consumes it (e.g. the grain type), as <c>messaging.consumer.group.name</c>.</param>
    /// <returns>The started activity, or <see langword="null"/> when nobody listens.</returns>
    public static Activity? StartProcessActivity(string destination, string consumer)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var current = Activity.Current;
        var parent = default(ActivityContext);
        if (Runtime.RequestContext.Get(TraceParentKey) is string traceParent
            && ActivityContext.TryParse(traceParent, Runtime.RequestContext.Get(TraceStateKey) as string, isRemote: true, out var published))
        {
            parent = published;
        }

        // The delivery call's own span stays linked, so neither trace loses the other.
        ActivityLink[]? links = parent != default && current is not null ? [new ActivityLink(current.Context)] : null;
        var activity = Source.StartActivity($"process {destination}", ActivityKind.Consumer, parent, links: links);
        activity?.SetTag("messaging.system", "rabbitmq");
        activity?.SetTag("messaging.operation.type", "process");
        activity?.SetTag("messaging.destination.name", destination);
        activity?.SetTag("messaging.consumer.group.name", consumer);
        return activity;
    }

    /// <summary>Writes the trace context of <paramref name="activity"/> into message headers.</summary>
    internal static void Inject(Activity activity, Dictionary<string, object?> headers) =>
        DistributedContextPropagator.Current.Inject(activity, headers, static (carrier, key, value) =>
        {
            // Only the trace context: baggage is the application's to send, not the transport's.
            if (carrier is Dictionary<string, object?> h && key is TraceParentHeader or TraceStateHeader)
            {
                h[key] = value;
            }
        });

    /// <summary>A header as text: the client hands string headers back as UTF-8 bytes.</summary>
    internal static string? HeaderText(IDictionary<string, object?>? headers, string key) =>
        headers is not null && headers.TryGetValue(key, out var value)
            ? value switch
            {
                byte[] bytes => Encoding.UTF8.GetString(bytes),
                string text => text,
                _ => null,
            }
            : null;

    internal static void Track(Providers.RabbitMqQueueAdapterReceiver receiver, string queue) => Receivers[receiver] = queue;

    internal static void Untrack(Providers.RabbitMqQueueAdapterReceiver receiver) => Receivers.TryRemove(receiver, out _);
}

using System.Collections.Concurrent;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace Orleans.Streaming.RabbitMQ.Tests.Infrastructure;

/// <summary>What a test consumer does with an event.</summary>
public enum Behavior
{
    /// <summary>Handles it at once.</summary>
    Handle,

    /// <summary>Throws on the first <see cref="TestEvent.Failures"/> attempts, then handles it.</summary>
    FailThenHandle,

    /// <summary>Throws on every attempt.</summary>
    AlwaysFail,

    /// <summary>Waits until the test releases the event (<see cref="ConsumerLedger.Release"/>), then handles it.</summary>
    BlockUntilReleased,

    /// <summary>Takes <see cref="TestEvent.Failures"/> milliseconds, then handles it.</summary>
    Slow,
}

/// <summary>The event the test streams carry; <see cref="Id"/> is unique per test.</summary>
[GenerateSerializer, Alias("rmq-tests.TestEvent")]
public sealed record TestEvent(
    [property: Id(0)] string Id,
    [property: Id(1)] Behavior Behavior = Behavior.Handle,
    [property: Id(2)] int Failures = 0);

/// <summary>One event a consumer grain handled, with the silo it ran on.</summary>
public sealed record Handled(string StreamKey, string EventId, string Silo, string? Token = null);

/// <summary>
/// What the consumer grains saw, kept in the test process. The silos of a test cluster run in this process, so
/// the record survives a silo being killed. Every test uses stream keys and event ids of its own.
/// </summary>
public static class ConsumerLedger
{
    private static readonly ConcurrentDictionary<string, ConcurrentQueue<Handled>> HandledByKey = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, int> AttemptsById = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string> EnteredById = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, TaskCompletionSource> Gates = new(StringComparer.Ordinal);

    /// <summary>Counts an attempt to deliver <paramref name="eventId"/> and returns its number (from 1).</summary>
    public static int Attempt(string eventId, string silo)
    {
        EnteredById[eventId] = silo;
        return AttemptsById.AddOrUpdate(eventId, 1, (_, n) => n + 1);
    }

    public static int AttemptsOf(string eventId) => AttemptsById.GetValueOrDefault(eventId);

    /// <summary>The silo where a consumer last started on <paramref name="eventId"/>, or <see langword="null"/>.</summary>
    public static string? EnteredOn(string eventId) => EnteredById.GetValueOrDefault(eventId);

    public static void Record(Handled handled) =>
        HandledByKey.GetOrAdd(handled.StreamKey, _ => new ConcurrentQueue<Handled>()).Enqueue(handled);

    /// <summary>Every event handled on the stream key (repeats included).</summary>
    public static IReadOnlyList<Handled> HandledOn(string streamKey) =>
        HandledByKey.TryGetValue(streamKey, out var queue) ? [.. queue] : [];

    /// <summary>Every event handled on any of the keys.</summary>
    public static IReadOnlyList<Handled> HandledOn(IEnumerable<string> streamKeys) => [.. streamKeys.SelectMany(HandledOn)];

    public static Task WaitForRelease(string eventId) => Gate(eventId).Task;

    /// <summary>Lets a consumer blocked on <paramref name="eventId"/> go on (now or when it gets there).</summary>
    public static void Release(string eventId) => Gate(eventId).TrySetResult();

    private static TaskCompletionSource Gate(string eventId) =>
        Gates.GetOrAdd(eventId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}

/// <summary>A consumer keyed by the stream key; it has no methods of its own beyond being reachable.</summary>
public interface IConsumerGrain : IGrainWithStringKey
{
    Task PingAsync();
}

/// <summary>
/// Implicitly subscribed to every stream whose namespace (exchange) starts with <c>rmqtest.</c>: each test uses
/// exchanges of its own under that prefix. Does what each event asks (<see cref="Behavior"/>) and records it.
/// </summary>
[RegexImplicitStreamSubscription(@"^rmqtest\.")]
public sealed class ConsumerGrain : Grain, IConsumerGrain, IStreamSubscriptionObserver, IAsyncObserver<TestEvent>
{
    public Task PingAsync() => Task.CompletedTask;

    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        await handleFactory.Create<TestEvent>().ResumeAsync(this);

    public async Task OnNextAsync(TestEvent item, StreamSequenceToken? token = null)
    {
        var silo = RuntimeIdentity;
        var attempt = ConsumerLedger.Attempt(item.Id, silo);
        switch (item.Behavior)
        {
            case Behavior.FailThenHandle when attempt <= item.Failures:
                throw new InvalidOperationException($"Attempt {attempt} at {item.Id} fails on purpose.");
            case Behavior.AlwaysFail:
                throw new InvalidOperationException($"The consumer of {item.Id} always fails (attempt {attempt}).");
            case Behavior.BlockUntilReleased:
                await ConsumerLedger.WaitForRelease(item.Id);
                break;
            case Behavior.Slow:
                await Task.Delay(item.Failures);
                break;
        }

        ConsumerLedger.Record(new Handled(this.GetPrimaryKeyString(), item.Id, silo, token?.ToString()));
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;
}

/// <summary>Publishes test events from inside the cluster, as a grain of the application would.</summary>
public interface IProducerGrain : IGrainWithStringKey
{
    Task PublishAsync(string streamNamespace, string streamKey, TestEvent item);
}

public sealed class ProducerGrain : Grain, IProducerGrain
{
    public Task PublishAsync(string streamNamespace, string streamKey, TestEvent item) =>
        this.GetStreamProvider(StreamCluster.ProviderName).GetStream<TestEvent>(StreamId.Create(streamNamespace, streamKey)).OnNextAsync(item);
}

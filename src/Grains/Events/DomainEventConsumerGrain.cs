using EcommerceBackend.Contracts.Events;
using Orleans.Streaming.RabbitMQ;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace EcommerceBackend.Grains.Events;

/// <summary>
/// A grain that reads domain event streams through implicit subscriptions (the subclass names them with
/// <see cref="ImplicitStreamSubscriptionAttribute"/>): each subscription is resumed with the grain as its observer,
/// and each event goes to <see cref="HandleAsync"/>. A handler that throws fails the delivery, so the stream
/// delivers the event again.
/// </summary>
public abstract class DomainEventConsumerGrain : Grain, IStreamSubscriptionObserver, IAsyncObserver<DomainEvent>
{
    /// <summary>Called for each implicit subscription of this grain: resumes it with this grain as the observer.</summary>
    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        await handleFactory.Create<DomainEvent>().ResumeAsync(this);

    /// <inheritdoc/>
    public async Task OnNextAsync(DomainEvent item, StreamSequenceToken? token = null)
    {
        // Continues the trace of the request that published the event, when the stream carried its context.
        using var activity = RabbitMqTelemetry.StartProcessActivity(item.Type, GetType().Name);
        try
        {
            await HandleAsync(item);
        }
        catch (Exception ex)
        {
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.Message);
            throw;
        }
    }

    /// <inheritdoc/>
    public Task OnCompletedAsync() => Task.CompletedTask;

    /// <inheritdoc/>
    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;

    /// <summary>Handles one event, delivered by a stream or handed over directly (a redelivery changes nothing).</summary>
    public abstract Task HandleAsync(DomainEvent domainEvent);
}

using Orleans.Streams;

namespace Orleans.Streaming.RabbitMQ.Providers;

/// <summary>
/// Told by the pulling agent when it gave up delivering a message to a subscriber (after retrying with
/// backoff for <c>StreamPullingAgentOptions.MaxEventDeliveryTime</c>): the message goes to the dead-letter
/// queue at once, with the reason recorded, and is acknowledged there.
/// <para>
/// The agent reports the same for a delivery it abandons because it is stopping — its silo shuts down or dies,
/// or the queue moves to another silo — even if the subscriber never failed. Such a message is not set aside:
/// left unacknowledged, it goes back to the queue when this silo's channel closes, for the next owner.
/// </para>
/// </summary>
internal sealed class RabbitMqDeliveryFailureHandler(Func<RabbitMqQueueAdapterReceiver?> receiver, TimeSpan giveUpAfter, CancellationToken siloStopping) : IStreamFailureHandler
{
    // Implicit subscriptions cannot be faulted anyway; explicit ones keep receiving later messages.
    public bool ShouldFaultSubsriptionOnError => false;

    public Task OnDeliveryFailure(GuidId subscriptionId, string streamProviderName, StreamId streamIdentity, StreamSequenceToken? sequenceToken) =>
        siloStopping.IsCancellationRequested
            ? Task.CompletedTask
            : receiver()?.DeadLetterFailedAsync(sequenceToken, $"Delivery of {streamIdentity} to subscription {subscriptionId} kept failing until the provider '{streamProviderName}' gave up.", giveUpAfter)
                ?? Task.CompletedTask;

    public Task OnSubscriptionFailure(GuidId subscriptionId, string streamProviderName, StreamId streamIdentity, StreamSequenceToken? sequenceToken) =>
        Task.CompletedTask;
}

using Orleans.Streams;

namespace Orleans.Streaming.RabbitMQ.Providers;

/// <summary>
/// Told by the pulling agent when it gave up delivering a message to a subscriber (after retrying with
/// backoff for <c>StreamPullingAgentOptions.MaxEventDeliveryTime</c>): the message goes to the dead-letter
/// queue at once, with the reason recorded, and is acknowledged there.
/// </summary>
internal sealed class RabbitMqDeliveryFailureHandler(Func<RabbitMqQueueAdapterReceiver?> receiver) : IStreamFailureHandler
{
    // Implicit subscriptions cannot be faulted anyway; explicit ones keep receiving later messages.
    public bool ShouldFaultSubsriptionOnError => false;

    public Task OnDeliveryFailure(GuidId subscriptionId, string streamProviderName, StreamId streamIdentity, StreamSequenceToken? sequenceToken) =>
        receiver()?.DeadLetterFailedAsync(sequenceToken, $"Delivery of {streamIdentity} to subscription {subscriptionId} kept failing until the provider '{streamProviderName}' gave up.")
            ?? Task.CompletedTask;

    public Task OnSubscriptionFailure(GuidId subscriptionId, string streamProviderName, StreamId streamIdentity, StreamSequenceToken? sequenceToken) =>
        Task.CompletedTask;
}

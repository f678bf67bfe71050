using Orleans.Runtime.Providers;

namespace Orleans.Hosting;

/// <summary>How the pulling agent retries a subscriber that throws, before the message is dead-lettered.</summary>
public static class DeliveryRetries
{
    /// <summary>
    /// Retries a failing delivery after <paramref name="firstDelay"/>, doubling up to <paramref name="maxDelay"/>,
    /// for at most <paramref name="giveUpAfter"/>; then the RabbitMQ provider moves the message to its dead-letter
    /// queue with the reason. Also sets how often the agent looks for new messages.
    /// </summary>
    public static ISiloPersistentStreamConfigurator ConfigureDeliveryRetries(
        this ISiloPersistentStreamConfigurator stream, TimeSpan firstDelay, TimeSpan maxDelay, TimeSpan giveUpAfter, TimeSpan pollInterval)
    {
        stream.ConfigurePullingAgent(o => o.Configure(agent =>
        {
            agent.GetQueueMsgsTimerPeriod = pollInterval;
            agent.MaxEventDeliveryTime = giveUpAfter;
        }));
        stream.ConfigureBackoffProvider((_, _) => new DoublingBackoff(firstDelay, maxDelay));
        return stream;
    }
}

/// <summary>A delay that doubles with each attempt, between a first and a largest delay, with a little jitter.</summary>
public sealed class DoublingBackoff(TimeSpan firstDelay, TimeSpan maxDelay) : IMessageDeliveryBackoffProvider
{
    /// <inheritdoc/>
    public TimeSpan Next(int attempt)
    {
        var doubled = firstDelay.Ticks << Math.Clamp(attempt, 0, 20);
        var delay = TimeSpan.FromTicks(Math.Min(maxDelay.Ticks, doubled));
        // A tenth of jitter keeps many failing consumers from retrying in lockstep.
        return delay + TimeSpan.FromTicks((long)(delay.Ticks * 0.1 * Random.Shared.NextDouble()));
    }
}

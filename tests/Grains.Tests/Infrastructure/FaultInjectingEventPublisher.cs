using System.Collections.Concurrent;
using EcommerceBackend.Contracts;
using EcommerceBackend.Contracts.Events;
using EcommerceBackend.Grains.Events;

namespace EcommerceBackend.Grains.Tests.Infrastructure;

/// <summary>
/// The silos' <see cref="IDomainEventPublisher"/> in the test cluster: the real stream publisher, except that
/// publishing fails for the subjects a test has put in an outage, as a broker that is down would. The set is
/// static because every silo of the test cluster runs in this process with a service provider of its own.
/// </summary>
public sealed class FaultInjectingEventPublisher(IDomainEventPublisher inner) : IDomainEventPublisher
{
    private static readonly ConcurrentDictionary<string, Outage> Outages = new();
    private static readonly ConcurrentDictionary<string, int> Failures = new();

    /// <summary>Makes every publish of an event about <paramref name="subject"/> fail until the outage is disposed.</summary>
    public static Outage FailFor(string subject)
    {
        var outage = new Outage(subject);
        if (!Outages.TryAdd(subject, outage))
        {
            throw new InvalidOperationException($"Publishing for '{subject}' is already failing.");
        }

        return outage;
    }

    /// <summary>How many publishes of events about <paramref name="subject"/> were made to fail.</summary>
    public static int FailedAttempts(string subject) => Failures.GetValueOrDefault(subject);

    public Task PublishAsync(DomainEvent domainEvent)
    {
        if (Outages.ContainsKey(domainEvent.Subject))
        {
            Failures.AddOrUpdate(domainEvent.Subject, 1, static (_, n) => n + 1);
            return Task.FromException(new InvalidOperationException($"Test outage: publishing {domainEvent.Type} about {domainEvent.Subject} fails."));
        }

        return inner.PublishAsync(domainEvent);
    }

    /// <summary>An outage of one subject; disposing it lets its events through again.</summary>
    public sealed class Outage(string subject) : IDisposable
    {
        public void Dispose() => Outages.TryRemove(new KeyValuePair<string, Outage>(subject, this));
    }
}

using EcommerceBackend.Contracts.Events;
using EcommerceBackend.Records;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace EcommerceBackend.Grains.Records;

/// <summary>
/// Keeps the durable records (<see cref="IRecordsStore"/>) from the event streams: orders, products and customers by
/// version (a replayed or older event changes nothing), alerts once each, and each UTC day's sales recomputed from the
/// order records. One stateless consumer per stream key. A failing store fails the delivery, so the stream delivers
/// the event again: in cluster mode the records read queues of their own (stream namespaces <see cref="DedicatedPrefix"/>…),
/// retried for as long as <c>Records:MaxDeliveryTime</c>, so MongoDB being down holds up nothing else.
/// </summary>
[ImplicitStreamSubscription(EventTypes.OrderExchange)]
[ImplicitStreamSubscription(EventTypes.ProductExchange)]
[ImplicitStreamSubscription(EventTypes.AlertExchange)]
[ImplicitStreamSubscription(EventTypes.CustomerExchange)]
[ImplicitStreamSubscription(DedicatedPrefix + EventTypes.OrderExchange)]
[ImplicitStreamSubscription(DedicatedPrefix + EventTypes.ProductExchange)]
[ImplicitStreamSubscription(DedicatedPrefix + EventTypes.AlertExchange)]
[ImplicitStreamSubscription(DedicatedPrefix + EventTypes.CustomerExchange)]
public sealed class RecordsConsumerGrain(RecordsDelivery delivery, IServiceProvider services) : Grain, IRecordsConsumerGrain, IStreamSubscriptionObserver, IAsyncObserver<DomainEvent>
{
    /// <summary>The namespace prefix of the records' own streams (cluster mode with MongoDB).</summary>
    public const string DedicatedPrefix = "records/";

    private static readonly IAsyncObserver<DomainEvent> Ignore = new IgnoringObserver();

    private readonly IRecordsStore? _store = services.GetService(typeof(IRecordsStore)) as IRecordsStore;

    /// <inheritdoc/>
    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory)
    {
        // The records take the events of one provider: their own where they have one, else the shared one.
        var dedicated = handleFactory.StreamId.GetNamespace()?.StartsWith(DedicatedPrefix, StringComparison.Ordinal) == true;
        var wanted = _store is not null && dedicated == delivery.Dedicated;
        await handleFactory.Create<DomainEvent>().ResumeAsync(wanted ? this : Ignore);
    }

    /// <inheritdoc/>
    public Task OnNextAsync(DomainEvent item, StreamSequenceToken? token = null) => HandleAsync(item);

    /// <inheritdoc/>
    public Task OnCompletedAsync() => Task.CompletedTask;

    /// <inheritdoc/>
    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;

    /// <summary>Keeps the record an event carries; a repeat changes nothing.</summary>
    public async Task HandleAsync(DomainEvent e)
    {
        var store = _store ?? throw new InvalidOperationException("No records store is configured.");
        switch (e.Type, e.Data)
        {
            case (EventTypes.OrderCreated or EventTypes.OrderUpdated or EventTypes.OrderCancelled, OrderEventData { Order: { } order }) when order.Id == e.Subject:
                await store.SaveOrderAsync(RecordMapping.Order(order));
                // Whether or not this was new: a redelivery after a failed recompute recomputes.
                await GrainFactory.GetGrain<ISalesDayGrain>(SalesDayGrain.KeyOf(order.CreatedAt)).ChangedAsync();
                break;
            case (EventTypes.ProductUpdated, ProductUpdatedData product) when product.ProductId == e.Subject:
                await store.SaveProductAsync(RecordMapping.Product(product));
                break;
            case (EventTypes.CustomerUpdated, CustomerUpdatedData customer) when customer.CustomerId == e.Subject:
                await store.SaveCustomerAsync(RecordMapping.Customer(customer));
                break;
            case (EventTypes.AlertSent, AlertSentData alert) when alert.NotificationId == e.Subject:
                await store.AddAlertAsync(RecordMapping.Alert(alert, e.Time));
                break;
        }
    }

    private sealed class IgnoringObserver : IAsyncObserver<DomainEvent>
    {
        public Task OnNextAsync(DomainEvent item, StreamSequenceToken? token = null) => Task.CompletedTask;

        public Task OnCompletedAsync() => Task.CompletedTask;

        public Task OnErrorAsync(Exception ex) => Task.CompletedTask;
    }
}

/// <summary>Keeps the durable records from the event streams: one consumer per stream key (the routing key).</summary>
[Alias("ecommerce.IRecordsConsumerGrain")]
public interface IRecordsConsumerGrain : IGrainWithStringKey
{
    /// <summary>Keeps the record an event carries, as if the stream had delivered it (a repeat changes nothing).</summary>
    [Alias("Handle")]
    Task HandleAsync(DomainEvent domainEvent);
}

/// <summary>Whether the records read streams of their own (<see cref="RecordsConsumerGrain.DedicatedPrefix"/>), not the shared ones.</summary>
/// <param name="Dedicated">True in cluster mode with MongoDB, where a second stream provider reads queues for the records alone.</param>
public sealed record RecordsDelivery(bool Dedicated);

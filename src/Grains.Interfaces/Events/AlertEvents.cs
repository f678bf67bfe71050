namespace EcommerceBackend.Contracts.Events;

/// <summary>The payload of <c>alert.sent</c>: a notification was added to an inbox.</summary>
[GenerateSerializer, Immutable, Alias("ecommerce.AlertSentData")]
public sealed record AlertSentData : EventData
{
    /// <summary>The notification id (also the event's subject).</summary>
    [Id(0)] public required string NotificationId { get; init; }

    /// <summary>Whose inbox: a customer id, or <c>admins</c>.</summary>
    [Id(1)] public required string Recipient { get; init; }

    /// <summary>The kind of notification: the routing key of the event that caused it.</summary>
    [Id(2)] public required string Kind { get; init; }

    /// <summary>The headline.</summary>
    [Id(3)] public required string Title { get; init; }

    /// <summary>The text.</summary>
    [Id(4)] public required string Message { get; init; }

    /// <summary>The entity it is about (an order or a product id).</summary>
    [Id(5)] public required string About { get; init; }

    /// <summary>The id of the event that caused it.</summary>
    [Id(6)] public required string SourceEventId { get; init; }
}

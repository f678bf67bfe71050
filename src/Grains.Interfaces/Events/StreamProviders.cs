namespace EcommerceBackend.Contracts.Events;

/// <summary>The names of the Orleans stream providers.</summary>
public static class StreamProviders
{
    /// <summary>Domain events: memory streams in embedded mode, the RabbitMQ provider in cluster mode.</summary>
    public const string Events = "events";

    /// <summary>The records' own reading of the same exchanges (cluster mode with MongoDB): the RabbitMQ provider with queues of its own.</summary>
    public const string Records = "records";
}

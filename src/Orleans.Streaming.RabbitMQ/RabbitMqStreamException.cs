namespace Orleans.Streaming.RabbitMQ;

/// <summary>
/// A failure talking to RabbitMQ. RabbitMQ.Client's own exceptions have no Orleans codec, so the provider
/// wraps them in this before they can reach a grain call; the message keeps what the broker said.
/// </summary>
[GenerateSerializer, Alias("Orleans.Streaming.RabbitMQ.RabbitMqStreamException")]
public sealed class RabbitMqStreamException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RabbitMqStreamException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public RabbitMqStreamException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and, for the local log only, the original exception.</summary>
    public RabbitMqStreamException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Wraps a client exception, keeping its type name and message as text.</summary>
    internal static RabbitMqStreamException Wrap(string what, Exception exception) =>
        new($"{what}: {exception.GetType().Name}: {exception.Message}");
}

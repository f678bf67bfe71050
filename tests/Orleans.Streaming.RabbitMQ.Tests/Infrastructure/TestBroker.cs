using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Orleans.Streaming.RabbitMQ.Tests.Infrastructure;

/// <summary>The RabbitMQ server the tests run against, named by <c>ECOMMERCE_TEST_RABBITMQ</c>.</summary>
public static class TestBroker
{
    /// <summary>The environment variable that names the broker.</summary>
    public const string Variable = "ECOMMERCE_TEST_RABBITMQ";

    private const string HowToRun =
        "The RabbitMQ stream provider tests need a real RabbitMQ server. Start one with "
        + "`scripts/services.sh start rabbitmq` and `eval \"$(scripts/services.sh env)\"` before `dotnet test`.";

    /// <summary>The AMQP URI from <see cref="Variable"/>; throws a message naming it when it is not set.</summary>
    public static string ConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{Variable} is not set. {HowToRun}");

    /// <summary>A plain AMQP connection (no Orleans), as any program reading the exchanges would open one.</summary>
    public static async Task<IConnection> ConnectAsync(string? connectionString = null)
    {
        var uri = connectionString ?? ConnectionString;
        var factory = new ConnectionFactory { ClientProvidedName = "orleans-streaming-rabbitmq-tests" };
        try
        {
            factory.Uri = new Uri(uri);
        }
        catch (Exception ex) when (ex is UriFormatException or ArgumentException)
        {
            throw new InvalidOperationException($"{Variable}='{uri}' is not an AMQP URI: {ex.Message}. {HowToRun}", ex);
        }

        try
        {
            return await factory.CreateConnectionAsync();
        }
        catch (BrokerUnreachableException ex)
        {
            throw new InvalidOperationException($"RabbitMQ at '{uri}' ({Variable}) does not answer: {ex.InnerException?.Message ?? ex.Message}. {HowToRun}", ex);
        }
    }
}

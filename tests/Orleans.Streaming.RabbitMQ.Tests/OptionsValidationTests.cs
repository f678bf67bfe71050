using EcommerceBackend.ClusterHosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Orleans.Streaming.RabbitMQ.Tests.Infrastructure;

namespace Orleans.Streaming.RabbitMQ.Tests;

/// <summary>A bad setting stops the silo at start-up with a message that names it.</summary>
public sealed class OptionsValidationTests
{
    [Theory]
    [InlineData("QueueCount", "0")]
    [InlineData("QueueCount", "1025")]
    [InlineData("ConnectionString", "http://127.0.0.1:25672/")]
    [InlineData("ConnectionString", "not a uri")]
    [InlineData("ExchangeType", "direct")]
    public async Task A_bad_setting_stops_the_silo_at_start_up_with_a_message_naming_it(string setting, string value)
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => StreamCluster.StartAsync(
            s =>
            {
                switch (setting)
                {
                    case "QueueCount":
                        s.QueueCount = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
                        break;
                    case "ConnectionString":
                        s.ConnectionString = value;
                        break;
                    case "ExchangeType":
                        s.ExchangeType = value;
                        break;
                }
            },
            silos: 1));

        var messages = Messages(failure);
        Assert.Contains(messages, m => m.Contains($"{nameof(RabbitMqStreamOptions)}.{setting}", StringComparison.Ordinal) && m.Contains($"'{StreamCluster.ProviderName}'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("QueueCount", "0", "RabbitMQ:QueueCount")]
    [InlineData("ConnectionString", "http://localhost/", "RabbitMQ:ConnectionString")]
    [InlineData("SigningKey", "", "RabbitMQ:SigningKey (EVENTS_SIGNING_KEY) is required")]
    [InlineData("SigningKey", "short-key", "RabbitMQ:SigningKey (EVENTS_SIGNING_KEY) is required")]
    public void The_app_refuses_a_bad_RabbitMQ_setting_when_it_configures_the_silo(string key, string value, string named)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [$"RabbitMQ:{key}"] = value })
            .Build();
        var builder = new HostBuilder().UseOrleans(silo => silo.AddRabbitMqEventStreams(configuration));

        var failure = Assert.ThrowsAny<Exception>(() => builder.Build());

        Assert.Contains(Messages(failure), m => m.Contains(named, StringComparison.Ordinal));
    }

    [Fact]
    public void Settings_read_from_a_configuration_section_are_all_bound_and_reported_under_their_keys()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Broker:QueueCount"] = "0",
                ["Broker:MaxUnconfirmedPublishes"] = "64",
                ["Broker:SigningKey"] = "a-signing-key-of-at-least-32-bytes-0123",
                ["Broker:AcceptedSigningKeys:0"] = "short",
            })
            .Build();

        var options = RabbitMqStreamOptions.FromConfiguration(configuration.GetSection("Broker"));
        var result = new RabbitMqStreamOptionsValidator().Validate(Microsoft.Extensions.Options.Options.DefaultName, options);

        Assert.Equal(64, options.MaxUnconfirmedPublishes);
        Assert.Equal(["short"], options.AcceptedSigningKeys);
        Assert.Equal(
            ["Broker:QueueCount must be from 1 to 1024 (was 0).", "Broker:AcceptedSigningKeys must hold only keys of at least 32 bytes."],
            result.Failures);
    }

    /// <summary>Every message in the exception, its inner exceptions and the exceptions it aggregates.</summary>
    private static List<string> Messages(Exception exception)
    {
        var messages = new List<string>();
        var pending = new Stack<Exception>([exception]);
        while (pending.TryPop(out var current))
        {
            messages.Add(current.Message);
            if (current is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    pending.Push(inner);
                }
            }
            else if (current.InnerException is { } inner)
            {
                pending.Push(inner);
            }
        }

        return messages;
    }
}

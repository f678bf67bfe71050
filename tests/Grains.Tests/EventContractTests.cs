using System.Reflection;
using EcommerceBackend.ClusterHosting;
using EcommerceBackend.Contracts;
using EcommerceBackend.Contracts.Events;
using EcommerceBackend.Grains.Events;
using Microsoft.Extensions.Configuration;
using Orleans.Streaming.RabbitMQ;

namespace EcommerceBackend.Grains.Tests;

/// <summary>Every exchange and routing key of the event contract is declared in cluster mode and readable from its JSON.</summary>
public sealed class EventContractTests
{
    private static IEnumerable<string> Constants(bool exchanges) => typeof(EventTypes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.Name.EndsWith("Exchange", StringComparison.Ordinal) == exchanges)
        .Select(f => (string)f.GetRawConstantValue()!);

    [Fact]
    public void Cluster_mode_declares_every_exchange_at_start_up()
    {
        var options = new RabbitMqStreamOptions();
        EventStreamOptions.FixedSettings(options);

        Assert.Contains(EventTypes.CustomerExchange, options.Exchanges);
        Assert.Equal(Constants(exchanges: true).Order(StringComparer.Ordinal), options.Exchanges.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_settings_the_cluster_relies_on_stay_fixed_whatever_the_RabbitMQ_section_holds()
    {
        var section = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["RabbitMQ:QueueCount"] = "3",
                ["RabbitMQ:StreamNamespacePrefix"] = "records/",
                ["RabbitMQ:QueueNamePrefix"] = "elsewhere",
                ["RabbitMQ:ExchangeType"] = "fanout",
                ["RabbitMQ:Exchanges:0"] = "another_exchange",
            })
            .Build()
            .GetSection(EventStreamOptions.Section);

        var options = RabbitMqStreamOptions.FromConfiguration(section);
        EventStreamOptions.FixedSettings(options);

        Assert.Equal(3, options.QueueCount);
        Assert.Equal("", options.StreamNamespacePrefix);
        Assert.Null(options.QueueNamePrefix);
        Assert.Equal("topic", options.ExchangeType);
        Assert.Equal(Constants(exchanges: true).Order(StringComparer.Ordinal), options.Exchanges.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_routing_key_has_an_exchange_and_a_payload_the_json_reads_back()
    {
        var types = Constants(exchanges: false).ToList();
        Assert.Contains(EventTypes.CustomerRegistered, types);
        foreach (var type in types)
        {
            Assert.Contains(EventTypes.ExchangeOf(type), Constants(exchanges: true));
            // An envelope of a known type with an empty payload fails on the payload's required fields, not on its type.
            var json = System.Text.Encoding.UTF8.GetBytes(
                $$$"""{"id":"e1","type":"{{{type}}}","source":"tests","time":"2024-01-01T00:00:00Z","subject":"s","data":{"x":1}}""");
            var error = Assert.ThrowsAny<Exception>(() => DomainEventJsonSerializer.FromJson(json));
            Assert.DoesNotContain("Unknown event type", error.Message, StringComparison.Ordinal);
        }
    }
}

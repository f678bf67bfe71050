using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Streams;
using Orleans.Streams.Core;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

// Events per second end to end — published, delivered, acknowledged — on one broker, in one run:
//   raw:      RabbitMQ.Client alone: publish with confirms (pipelined, up to --window unconfirmed) to a topic exchange,
//             one consumer with manual acks (prefetch 512) on a queue bound to it.
//   provider: an Orleans silo with the RabbitMQ stream provider: --producers concurrent OnNextAsync loops,
//             consumed by a grain through an implicit subscription (acked after the grain handled each).
// The ratio provider/raw is the figure of merit.
var url = Arg("url", "amqp://guest:guest@127.0.0.1:25672/");
var events = int.Parse(Arg("events", "20000"), CultureInfo.InvariantCulture);
var producers = int.Parse(Arg("producers", "1024"), CultureInfo.InvariantCulture);
var window = int.Parse(Arg("window", "1024"), CultureInfo.InvariantCulture);
var run = Guid.NewGuid().ToString("N")[..8];
Console.WriteLine($"stream bench: {events} events of ~300 bytes, broker {new Uri(url).Authority}");

var raw = await RawAsync(url, run, events, window);
Console.WriteLine($"raw RabbitMQ.Client (confirms, up to {window} unconfirmed; manual acks): {raw:0} events/s");
var provider = await ProviderAsync(url, run, events, producers);
Console.WriteLine($"Orleans RabbitMQ provider ({producers} producers → consumer grain): {provider:0} events/s");
Console.WriteLine($"ratio provider/raw: {provider / raw:0.00}");

string Arg(string name, string fallback)
{
    var at = Array.IndexOf(args, "--" + name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
}

static byte[] Payload(int i)
{
    var id = i.ToString("D24", CultureInfo.InvariantCulture);
    return System.Text.Encoding.UTF8.GetBytes(
        "{\"id\":\"" + id + "\",\"type\":\"order.created\",\"source\":\"bench\",\"time\":\"2026-01-01T00:00:00Z\",\"subject\":\"" + id
        + "\",\"data\":{\"order\":{\"id\":\"" + id + "\",\"total\":123.45,\"status\":\"pending\",\"items\":[{\"productId\":\"000000000000000000000001\",\"quantity\":2}]}}}");
}

static async Task<double> RawAsync(string url, string run, int count, int window)
{
    var factory = new ConnectionFactory { Uri = new Uri(url) };
    await using var connection = await factory.CreateConnectionAsync();
    await using var setup = await connection.CreateChannelAsync();
    var exchange = $"bench-raw-{run}";
    var queue = $"bench-raw-{run}";
    await setup.ExchangeDeclareAsync(exchange, ExchangeType.Topic, durable: true, autoDelete: true);
    await setup.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: true);
    await setup.QueueBindAsync(queue, exchange, "#");

    await using var consumerChannel = await connection.CreateChannelAsync();
    await consumerChannel.BasicQosAsync(0, 512, false);
    var received = 0;
    var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    var consumer = new AsyncEventingBasicConsumer(consumerChannel);
    consumer.ReceivedAsync += async (_, args) =>
    {
        await consumerChannel.BasicAckAsync(args.DeliveryTag, false);
        if (++received == count)
        {
            done.TrySetResult();
        }
    };
    await consumerChannel.BasicConsumeAsync(queue, autoAck: false, consumer);

    await using var publisher = await connection.CreateChannelAsync(new CreateChannelOptions(true, true));
    var properties = new BasicProperties { Persistent = true, ContentType = "application/json" };
    var clock = Stopwatch.StartNew();
    // The strongest plain pattern: every message handed over at once, up to --window awaiting confirms.
    using var unconfirmed = new SemaphoreSlim(window, window);
    var confirms = new List<Task>(count);
    for (var i = 0; i < count; i++)
    {
        await unconfirmed.WaitAsync();
        confirms.Add(ReleaseWhenConfirmed(publisher.BasicPublishAsync(exchange, "order.created", false, properties, Payload(i)), unconfirmed));
    }

    await Task.WhenAll(confirms);
    await done.Task.WaitAsync(TimeSpan.FromMinutes(5));
    return count / clock.Elapsed.TotalSeconds;
}

static async Task ReleaseWhenConfirmed(ValueTask confirm, SemaphoreSlim unconfirmed)
{
    try
    {
        await confirm;
    }
    finally
    {
        unconfirmed.Release();
    }
}

static async Task<double> ProviderAsync(string url, string run, int count, int producers)
{
    // Its own exchange and queues: a shared exchange would also feed the queues earlier runs left bound to it.
    var exchange = $"bench_exchange_{run}";
    var builder = Host.CreateApplicationBuilder();
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
    builder.UseOrleans(silo =>
    {
        silo.UseLocalhostClustering(siloPort: 21111, gatewayPort: 31000, serviceId: $"bench-{run}", clusterId: $"bench-{run}");
        silo.AddMemoryGrainStorage("PubSubStore");
        silo.AddRabbitMqStreams("bench", o => o.Configure(options =>
        {
            options.ConnectionString = url;
            options.Exchanges = [exchange];
            options.QueueNamePrefix = $"bench-{run}";
            options.QueueCount = 8;
        }), stream => stream.ConfigureDeliveryRetries(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(10)));
    });
    using var host = builder.Build();
    await host.StartAsync();
    try
    {
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        var client = host.Services.GetRequiredService<IClusterClient>();
        var provider = client.GetStreamProvider("bench");
        // Warm the connection, topology and agents up before the clock starts.
        await provider.GetStream<BenchEvent>(StreamId.Create(exchange, "warmup")).OnNextAsync(new BenchEvent(-1, Payload(0)));
        await WaitForAsync(async () => await grains.GetGrain<IBenchCounter>("warmup").CountAsync() >= 1, TimeSpan.FromSeconds(30));

        var keys = Enumerable.Range(0, 16).Select(k => $"order.created.{k}").ToArray();
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, producers).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var key = keys[i % keys.Length];
                await provider.GetStream<BenchEvent>(StreamId.Create(exchange, key)).OnNextAsync(new BenchEvent(i, Payload(i)));
            }
        })));
        Console.WriteLine($"  provider: all {count} publishes confirmed after {clock.Elapsed.TotalSeconds:0.00}s");
        await WaitForAsync(async () =>
        {
            var counts = await Task.WhenAll(keys.Select(k => grains.GetGrain<IBenchCounter>(k).CountAsync()));
            return counts.Sum() >= count;
        }, TimeSpan.FromMinutes(5));
        return count / clock.Elapsed.TotalSeconds;
    }
    finally
    {
        await host.StopAsync();
    }
}

static async Task WaitForAsync(Func<Task<bool>> condition, TimeSpan limit)
{
    var deadline = DateTime.UtcNow + limit;
    while (!await condition())
    {
        if (DateTime.UtcNow > deadline)
        {
            throw new TimeoutException("The events did not all arrive in time.");
        }

        await Task.Delay(5);
    }
}

/// <summary>A benchmark event: its number and a body the size of a real order event.</summary>
[GenerateSerializer]
public sealed record BenchEvent([property: Id(0)] int Number, [property: Id(1)] byte[] Body);

/// <summary>Counts the events of its stream.</summary>
public interface IBenchCounter : IGrainWithStringKey
{
    /// <summary>The events seen so far.</summary>
    Task<int> CountAsync();
}

/// <summary>Consumes one stream of a run's exchange through an implicit subscription.</summary>
[RegexImplicitStreamSubscription("^bench_exchange_")]
public sealed class BenchCounterGrain : Grain, IBenchCounter, IAsyncObserver<BenchEvent>, IStreamSubscriptionObserver
{
    private int _count;

    public Task<int> CountAsync() => Task.FromResult(_count);

    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        await handleFactory.Create<BenchEvent>().ResumeAsync(this);

    public Task OnNextAsync(BenchEvent item, StreamSequenceToken? token = null)
    {
        _count++;
        return Task.CompletedTask;
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;
}

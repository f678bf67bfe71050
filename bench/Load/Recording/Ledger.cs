using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.Channels;

namespace EcommerceBackend.Load.Recording;

/// <summary>A line of an order as the client sent it (a product once, quantities merged).</summary>
public sealed record LedgerLine(string ProductId, int Quantity);

/// <summary>
/// One line of the ledger. <c>type</c> says which fields are set:
/// <c>setup</c> (the products with their initial stock, the customers);
/// <c>order</c> (acknowledged with 201: orderId, key, customerId, lines, attempts, replayed);
/// <c>order-rejected</c> (a 4xx, e.g. 409 for stock: key, customerId, lines, status, title);
/// <c>order-unresolved</c> (no answer settled it within the retries or the drain: key, customerId, lines, status or error);
/// <c>cancel</c> (orderId, customerId, status: 200 cancelled, 409 not cancellable, attempts);
/// <c>failure</c> (every answer 5xx or 429 and every timeout or broken connection, each attempt: endpoint, status or error, key).
/// </summary>
public sealed record LedgerEntry
{
    public required string Type { get; init; }

    /// <summary>When it happened (the answer's arrival), UTC.</summary>
    public DateTimeOffset Time { get; init; }

    /// <summary>Milliseconds since the run started.</summary>
    public double ElapsedMs { get; init; }

    public string? Phase { get; init; }

    public string? Endpoint { get; init; }

    public string? OrderId { get; init; }

    public string? Key { get; init; }

    public string? CustomerId { get; init; }

    public IReadOnlyList<LedgerLine>? Lines { get; init; }

    public decimal? Total { get; init; }

    public int? Status { get; init; }

    public string? Error { get; init; }

    public string? Title { get; init; }

    public int? Attempts { get; init; }

    public bool? Replayed { get; init; }

    public RunSetupRecord? Setup { get; init; }
}

/// <summary>The products and customers a run made, as the ledger's first line and the results' <c>setup</c>.</summary>
public sealed record RunSetupRecord
{
    public required string RunId { get; init; }

    public required string Category { get; init; }

    public required IReadOnlyList<ProductRecord> Products { get; init; }

    public required IReadOnlyList<CustomerRecord> Customers { get; init; }
}

public sealed record ProductRecord(string Id, string Name, decimal Price, int InitialStock, bool Hot);

public sealed record CustomerRecord(string Id, string Email);

/// <summary>Writes ledger entries as JSON lines, in the background, in the order they were added; nothing when no path is set.</summary>
public sealed class Ledger : IAsyncDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Read by people and scripts, never by a browser: quotes and accents as they are.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly Channel<LedgerEntry>? _entries;
    private readonly Task _writer = Task.CompletedTask;
    private readonly System.Diagnostics.Stopwatch _clock;

    public Ledger(string? path, System.Diagnostics.Stopwatch clock)
    {
        _clock = clock;
        if (path is null)
        {
            return;
        }

        _entries = Channel.CreateUnbounded<LedgerEntry>(new UnboundedChannelOptions { SingleReader = true });
        var stream = new StreamWriter(path, append: false);
        _writer = Task.Run(async () =>
        {
            await using (stream)
            {
                while (await _entries.Reader.WaitToReadAsync())
                {
                    while (_entries.Reader.TryRead(out var entry))
                    {
                        await stream.WriteLineAsync(JsonSerializer.Serialize(entry, Json));
                    }

                    // Flushed whenever it catches up, so a run that is killed leaves what it saw.
                    await stream.FlushAsync();
                }
            }
        });
    }

    /// <summary>Adds an entry, stamped with the time now.</summary>
    public void Add(LedgerEntry entry) =>
        _entries?.Writer.TryWrite(entry with { Time = DateTimeOffset.UtcNow, ElapsedMs = Math.Round(_clock.Elapsed.TotalMilliseconds, 1) });

    public async ValueTask DisposeAsync()
    {
        _entries?.Writer.TryComplete();
        await _writer;
    }
}

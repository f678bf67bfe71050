using System.Globalization;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using StackExchange.Redis;

namespace EcommerceBackend.Grains.Storage;

/// <summary>A silo's outbox journal, or another silo's claim on it after that silo died.</summary>
/// <param name="Silo">The silo whose grains it names.</param>
/// <param name="ClaimedBy">The silo recovering it, if claimed.</param>
public sealed record OutboxJournalRef(SiloAddress Silo, SiloAddress? ClaimedBy);

/// <summary>Where outbox journals are kept so that they outlive their silo.</summary>
public interface IOutboxJournalStore
{
    /// <summary>Adds <paramref name="enlisted"/> to and removes <paramref name="discharged"/> from <paramref name="silo"/>'s journal, together.</summary>
    Task ApplyAsync(SiloAddress silo, GrainId[] enlisted, GrainId[] discharged);

    /// <summary>Every journal and claim kept.</summary>
    Task<IReadOnlyList<OutboxJournalRef>> ListAsync();

    /// <summary>Takes a journal (or a dead claimer's claim) over for <paramref name="claimer"/>: its grains, or <see langword="null"/> when another silo took it first.</summary>
    Task<IReadOnlyList<GrainId>?> ClaimAsync(OutboxJournalRef journal, SiloAddress claimer);

    /// <summary>The grains a journal or claim names.</summary>
    Task<IReadOnlyList<GrainId>> MembersAsync(OutboxJournalRef journal);

    /// <summary>Strikes the woken grains off a claim; a claim left empty is gone.</summary>
    Task ReleaseAsync(SiloAddress deadSilo, SiloAddress claimer, GrainId[] woken);
}

/// <summary>
/// Outbox journals in Redis, beside the grain state: one set per silo (<c>{ServiceId}/outbox/silo/{silo}</c>), renamed
/// to <c>{ServiceId}/outbox/claim/{claimer}/{silo}</c> when a silo claims it; renaming is atomic, so one silo wins.
/// </summary>
public sealed class RedisOutboxJournalStore(ConfigurationOptions redis, IOptions<ClusterOptions> cluster) : IOutboxJournalStore, IAsyncDisposable
{
    private readonly SemaphoreSlim _connecting = new(1, 1);
    private ConnectionMultiplexer? _connection;

    private string Prefix => $"{cluster.Value.ServiceId}/outbox/";

    /// <inheritdoc/>
    public async Task ApplyAsync(SiloAddress silo, GrainId[] enlisted, GrainId[] discharged)
    {
        var db = await DatabaseAsync();
        var key = JournalKey(silo);
        var batch = db.CreateBatch();
        var writes = new List<Task>(2);
        if (enlisted.Length > 0)
        {
            writes.Add(batch.SetAddAsync(key, Values(enlisted)));
        }

        if (discharged.Length > 0)
        {
            writes.Add(batch.SetRemoveAsync(key, Values(discharged)));
        }

        batch.Execute();
        await Task.WhenAll(writes);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<OutboxJournalRef>> ListAsync()
    {
        var connection = await ConnectAsync();
        var list = new List<OutboxJournalRef>();
        foreach (var server in connection.GetServers().Where(s => s.IsConnected && !s.IsReplica))
        {
            await foreach (var key in server.KeysAsync(pattern: $"{Prefix}*"))
            {
                if (Parse(key.ToString()) is { } journal)
                {
                    list.Add(journal);
                }
            }
        }

        return list;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<GrainId>?> ClaimAsync(OutboxJournalRef journal, SiloAddress claimer)
    {
        var db = await DatabaseAsync();
        var claim = ClaimKey(claimer, journal.Silo);
        try
        {
            if (!await db.KeyRenameAsync(KeyOf(journal), claim, When.NotExists))
            {
                return null;
            }
        }
        catch (RedisServerException ex) when (ex.Message.Contains("no such key", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return await MembersAsync(journal with { ClaimedBy = claimer });
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<GrainId>> MembersAsync(OutboxJournalRef journal)
    {
        var db = await DatabaseAsync();
        return [.. (await db.SetMembersAsync(KeyOf(journal))).Select(v => GrainId.Parse(v.ToString(), CultureInfo.InvariantCulture))];
    }

    /// <inheritdoc/>
    public async Task ReleaseAsync(SiloAddress deadSilo, SiloAddress claimer, GrainId[] woken)
    {
        if (woken.Length > 0)
        {
            var db = await DatabaseAsync();
            await db.SetRemoveAsync(ClaimKey(claimer, deadSilo), Values(woken));
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_connection is { } connection)
        {
            await connection.DisposeAsync();
        }

        _connecting.Dispose();
    }

    private string JournalKey(SiloAddress silo) => $"{Prefix}silo/{silo.ToParsableString()}";

    private string ClaimKey(SiloAddress claimer, SiloAddress silo) => $"{Prefix}claim/{claimer.ToParsableString()}/{silo.ToParsableString()}";

    private string KeyOf(OutboxJournalRef journal) => journal.ClaimedBy is { } claimer ? ClaimKey(claimer, journal.Silo) : JournalKey(journal.Silo);

    private OutboxJournalRef? Parse(string key)
    {
        var rest = key[Prefix.Length..];
        if (rest.StartsWith("silo/", StringComparison.Ordinal))
        {
            return new OutboxJournalRef(SiloAddress.FromParsableString(rest["silo/".Length..]), null);
        }

        if (rest.StartsWith("claim/", StringComparison.Ordinal) && rest["claim/".Length..].Split('/') is [var claimer, var silo])
        {
            return new OutboxJournalRef(SiloAddress.FromParsableString(silo), SiloAddress.FromParsableString(claimer));
        }

        return null;
    }

    private static RedisValue[] Values(GrainId[] grains) => [.. grains.Select(g => (RedisValue)g.ToString())];

    private async Task<IDatabase> DatabaseAsync() => (await ConnectAsync()).GetDatabase();

    private async Task<ConnectionMultiplexer> ConnectAsync()
    {
        if (_connection is { } connection)
        {
            return connection;
        }

        await _connecting.WaitAsync();
        try
        {
            return _connection ??= await ConnectionMultiplexer.ConnectAsync(redis.Clone());
        }
        finally
        {
            _connecting.Release();
        }
    }
}

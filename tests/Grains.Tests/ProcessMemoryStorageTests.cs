using EcommerceBackend.ClusterHosting;
using EcommerceBackend.Contracts;
using EcommerceBackend.Grains.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;

namespace EcommerceBackend.Grains.Tests;

/// <summary>Embedded mode's in-process grain storage keeps what was written, apart from the grains that wrote or read it.</summary>
public sealed class ProcessMemoryStorageTests(ClusterFixture fixture) : ClusterTest(fixture)
{
    private const string StateName = "counter";

    [Fact]
    public async Task A_state_changed_by_its_writer_after_the_write_reads_back_as_written()
    {
        var (storage, grain) = NewStorage();
        var state = new MutableState { Version = 1 };
        var written = new GrainState<MutableState>(state);
        await storage.WriteStateAsync(StateName, grain, written);

        // The state is mutable: the storage must not hold the writer's object.
        state.Version = 2;
        state.Seen["order/1"] = 1;

        var read = await ReadAsync(storage, grain);
        Assert.Equal(1, read.State!.Version);
        Assert.Empty(read.State.Seen);
        Assert.Equal(written.ETag, read.ETag);
        Assert.True(read.RecordExists);
    }

    [Fact]
    public async Task A_state_changed_by_its_reader_leaves_the_stored_one_as_it_was()
    {
        var (storage, grain) = NewStorage();
        await storage.WriteStateAsync(StateName, grain, new GrainState<MutableState>(new MutableState { Version = 5 }));

        var first = await ReadAsync(storage, grain);
        first.State!.Version = 6;

        Assert.Equal(5, (await ReadAsync(storage, grain)).State!.Version);
    }

    [Fact]
    public async Task A_write_with_a_stale_etag_is_refused_and_keeps_the_stored_state()
    {
        var (storage, grain) = NewStorage();
        var first = new GrainState<MutableState>(new MutableState { Version = 1 });
        await storage.WriteStateAsync(StateName, grain, first);
        var stale = new GrainState<MutableState>(new MutableState { Version = 9 }) { ETag = first.ETag };
        await storage.WriteStateAsync(StateName, grain, new GrainState<MutableState>(new MutableState { Version = 2 }) { ETag = first.ETag });

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, grain, stale));
        Assert.Equal(2, (await ReadAsync(storage, grain)).State!.Version);
    }

    private (ProcessMemoryGrainStorage Storage, GrainId Grain) NewStorage() =>
        (new ProcessMemoryGrainStorage(Fixture.Cluster.GetSiloServiceProvider().GetRequiredService<DeepCopier>()),
            GrainId.Create("counter", EntityId.New()));

    private static async Task<GrainState<MutableState>> ReadAsync(ProcessMemoryGrainStorage storage, GrainId grain)
    {
        var read = new GrainState<MutableState>();
        await storage.ReadStateAsync(StateName, grain, read);
        return read;
    }
}

/// <summary>A state a grain may change in place, as a mutable class state can be.</summary>
[GenerateSerializer]
public sealed class MutableState
{
    [Id(0)] public long Version { get; set; }

    [Id(1)] public Dictionary<string, int> Seen { get; init; } = [];
}

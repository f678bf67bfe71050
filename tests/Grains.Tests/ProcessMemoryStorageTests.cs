using EcommerceBackend.ClusterHosting;
using EcommerceBackend.Contracts;
using EcommerceBackend.Grains.Analytics;
using EcommerceBackend.Grains.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;

namespace EcommerceBackend.Grains.Tests;

/// <summary>Embedded mode's in-process grain storage keeps what was written, apart from the grains that wrote or read it.</summary>
public sealed class ProcessMemoryStorageTests(ClusterFixture fixture) : ClusterTest(fixture)
{
    private const string StateName = "shard";

    [Fact]
    public async Task A_state_changed_by_its_writer_after_the_write_reads_back_as_written()
    {
        var (storage, grain) = NewStorage();
        var state = new AnalyticsShardState { Version = 1 };
        var written = new GrainState<AnalyticsShardState>(state);
        await storage.WriteStateAsync(StateName, grain, written);

        // The shard's state is mutable: the storage must not hold the writer's object.
        state.Version = 2;
        state.Pending["order/1"] = new AnalyticsPendingChange { Version = 1 };

        var read = await ReadAsync(storage, grain);
        Assert.Equal(1, read.State!.Version);
        Assert.Empty(read.State.Pending);
        Assert.Equal(written.ETag, read.ETag);
        Assert.True(read.RecordExists);
    }

    [Fact]
    public async Task A_state_changed_by_its_reader_leaves_the_stored_one_as_it_was()
    {
        var (storage, grain) = NewStorage();
        await storage.WriteStateAsync(StateName, grain, new GrainState<AnalyticsShardState>(new AnalyticsShardState { Version = 5 }));

        var first = await ReadAsync(storage, grain);
        first.State!.Version = 6;

        Assert.Equal(5, (await ReadAsync(storage, grain)).State!.Version);
    }

    [Fact]
    public async Task A_write_with_a_stale_etag_is_refused_and_keeps_the_stored_state()
    {
        var (storage, grain) = NewStorage();
        var first = new GrainState<AnalyticsShardState>(new AnalyticsShardState { Version = 1 });
        await storage.WriteStateAsync(StateName, grain, first);
        var stale = new GrainState<AnalyticsShardState>(new AnalyticsShardState { Version = 9 }) { ETag = first.ETag };
        await storage.WriteStateAsync(StateName, grain, new GrainState<AnalyticsShardState>(new AnalyticsShardState { Version = 2 }) { ETag = first.ETag });

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, grain, stale));
        Assert.Equal(2, (await ReadAsync(storage, grain)).State!.Version);
    }

    private (ProcessMemoryGrainStorage Storage, GrainId Grain) NewStorage() =>
        (new ProcessMemoryGrainStorage(Fixture.Cluster.GetSiloServiceProvider().GetRequiredService<DeepCopier>()),
            GrainId.Create("shard", EntityId.New()));

    private static async Task<GrainState<AnalyticsShardState>> ReadAsync(ProcessMemoryGrainStorage storage, GrainId grain)
    {
        var read = new GrainState<AnalyticsShardState>();
        await storage.ReadStateAsync(StateName, grain, read);
        return read;
    }
}

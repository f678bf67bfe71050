using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EcommerceBackend.Grains.Storage;

/// <summary>Registers the one way grains keep state, for whichever host configures the silo.</summary>
public static class StoredStateRegistration
{
    /// <summary>
    /// The one way grains keep state (<see cref="IStoredState{TState}"/>): written on a copy, served once stored, with
    /// an outbox whose events are published after the write, and the silo's outbox journal. The host binds
    /// <see cref="OutboxOptions"/> and chooses the journal's store.
    /// </summary>
    public static ISiloBuilder AddStoredState(this ISiloBuilder silo)
    {
        silo.Services.TryAddSingleton<IAttributeToFactoryMapper<StoredStateAttribute>, StoredStateAttributeMapper>();
        silo.Services.TryAddSingleton<StoredStateServices>();
        silo.Services.TryAddSingleton<OutboxJournal>();
        silo.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ILifecycleParticipant<ISiloLifecycle>, OutboxJournal>(sp => sp.GetRequiredService<OutboxJournal>()));
        silo.AddGrainExtension<IOutboxWake, OutboxWake>();
        return silo;
    }
}

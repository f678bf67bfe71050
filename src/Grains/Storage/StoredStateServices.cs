using System.Reflection;
using EcommerceBackend.Grains.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Storage;
using Orleans.Timers;

namespace EcommerceBackend.Grains.Storage;

/// <summary>The silo's services every <see cref="StoredState{TState}"/> shares, resolved once rather than per activation.</summary>
internal sealed class StoredStateServices(
    IDomainEventPublisher publisher,
    OutboxJournal journal,
    ITimerRegistry timers,
    IOptions<OutboxOptions> options,
    ILogger<StoredStateServices> logger)
{
    public IDomainEventPublisher Publisher { get; } = publisher;

    public OutboxJournal Journal { get; } = journal;

    public ITimerRegistry Timers { get; } = timers;

    public OutboxOptions Options { get; } = options.Value;

    public ILogger Logger { get; } = logger;
}

/// <summary>Makes the <see cref="IStoredState{TState}"/> of a grain constructor parameter marked <see cref="StoredStateAttribute"/>.</summary>
internal sealed class StoredStateAttributeMapper : IAttributeToFactoryMapper<StoredStateAttribute>
{
    private static readonly MethodInfo CreateMethod = typeof(StoredStateAttributeMapper).GetMethod(nameof(Create), BindingFlags.NonPublic | BindingFlags.Static)!;

    public Factory<IGrainContext, object> GetFactory(ParameterInfo parameter, StoredStateAttribute attribute)
    {
        if (!parameter.ParameterType.IsGenericType || parameter.ParameterType.GetGenericTypeDefinition() != typeof(IStoredState<>))
        {
            throw new ArgumentException(
                $"Parameter '{parameter.Name}' of {parameter.Member.DeclaringType} is marked [StoredState] but is a {parameter.ParameterType}, not an IStoredState<T>.",
                parameter.Name);
        }

        // Made once per grain type; each activation then costs a delegate call, not reflection.
        var create = CreateMethod.MakeGenericMethod(parameter.ParameterType.GetGenericArguments())
            .CreateDelegate<Func<IGrainContext, StoredStateAttribute, object>>();
        return context => create(context, attribute);
    }

    private static object Create<TState>(IGrainContext context, StoredStateAttribute attribute)
        where TState : class, new()
    {
        var services = context.ActivationServices;
        var storage = services.GetKeyedService<IGrainStorage>(attribute.StorageName)
            ?? throw new BadProviderConfigException($"No grain storage named '{attribute.StorageName}' is registered (state '{attribute.StateName}' of {context.GrainId.Type}).");
        return new StoredState<TState>(context, attribute.StateName, storage, services.GetRequiredService<StoredStateServices>());
    }
}

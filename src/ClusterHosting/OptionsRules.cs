using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace EcommerceBackend.ClusterHosting;

/// <summary>
/// Adapts an options class's own checks (a list of messages, each naming its setting) to the options system,
/// so a bad value stops the host at start-up with those messages.
/// </summary>
/// <typeparam name="T">The options class.</typeparam>
public sealed class OptionsRules<T>(Func<T, IEnumerable<string>> rules) : IValidateOptions<T>
    where T : class
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, T options)
    {
        var failures = rules(options).ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>Registers options classes that check themselves.</summary>
public static class ValidatedOptions
{
    /// <summary>
    /// Binds <typeparamref name="T"/> to <paramref name="section"/> and has <paramref name="rules"/> checked at start-up.
    /// Safe to call twice (an embedded API and its silo share one service collection): the rules are registered once.
    /// </summary>
    public static OptionsBuilder<T> AddValidatedOptions<T>(this IServiceCollection services, IConfigurationSection section, Func<T, IEnumerable<string>> rules)
        where T : class
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<T>>(new OptionsRules<T>(rules)));
        return services.AddOptions<T>().Bind(section).ValidateOnStart();
    }
}

using Microsoft.Extensions.Options;

namespace EcommerceBackend.Grains.Hosting;

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

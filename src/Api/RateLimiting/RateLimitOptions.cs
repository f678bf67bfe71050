using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.Extensions.Options;

namespace EcommerceBackend.Api.RateLimiting;

/// <summary>
/// Request limits (section <c>RateLimit</c>; <c>RATE_LIMIT_WINDOW_MS</c>, <c>RATE_LIMIT_MAX_REQUESTS</c>): a general one per
/// signed-in user or client address, off by default as in the original, and the login and registration limits, always on.
/// </summary>
public sealed class RateLimitOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string Section = "RateLimit";

    /// <summary>The length of a window of the general limit, in milliseconds.</summary>
    public int WindowMs { get; set; } = 900_000;

    /// <summary>Requests one signed-in user (or, signed out, one client address) may make per window; 0 turns the general limit off (the default).</summary>
    public int MaxRequests { get; set; }

    /// <summary>Login and registration attempts per <see cref="LoginWindowMs"/>, counted per client address and, apart, per account email.</summary>
    public int LoginPermitLimit { get; set; } = 10;

    /// <summary>The window of <see cref="LoginPermitLimit"/>, in milliseconds.</summary>
    public int LoginWindowMs { get; set; } = 60_000;

    /// <summary>Failed logins of one account before it is locked: the failure that reaches this count locks it for <see cref="LoginDelayMs"/>, each later one for twice as long as the last.</summary>
    public int LoginFailuresBeforeDelay { get; set; } = 5;

    /// <summary>The first lock, in milliseconds; it doubles with every further failure, up to <see cref="LoginMaxDelayMs"/>.</summary>
    public int LoginDelayMs { get; set; } = 1000;

    /// <summary>The longest lock, in milliseconds.</summary>
    public int LoginMaxDelayMs { get; set; } = 300_000;

    /// <summary>An account's failed logins are forgotten once this long (milliseconds) passes without one; a successful login forgets them at once.</summary>
    public int LoginFailureWindowMs { get; set; } = 900_000;

    /// <summary>The general window.</summary>
    public TimeSpan Window => TimeSpan.FromMilliseconds(WindowMs);

    /// <summary>The login and registration window.</summary>
    public TimeSpan LoginWindow => TimeSpan.FromMilliseconds(LoginWindowMs);

    /// <summary>How failed logins lock an account.</summary>
    public LoginDelays Delays => new(LoginFailuresBeforeDelay, TimeSpan.FromMilliseconds(LoginDelayMs), TimeSpan.FromMilliseconds(LoginMaxDelayMs), TimeSpan.FromMilliseconds(LoginFailureWindowMs));

    /// <inheritdoc/>
    // Range checks written out rather than [Range(ErrorMessage = …)]: the options source generator's copy of
    // RangeAttribute ignores ErrorMessage (10.0), and the message must name the setting as configured.
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var ranges = new (int Value, int Min, int Max, string Setting)[]
        {
            (WindowMs, 1000, 86_400_000, "WindowMs (RATE_LIMIT_WINDOW_MS)"),
            (MaxRequests, 0, 10_000_000, "MaxRequests (RATE_LIMIT_MAX_REQUESTS)"),
            (LoginPermitLimit, 1, 10_000_000, "LoginPermitLimit"),
            (LoginWindowMs, 1000, 86_400_000, "LoginWindowMs"),
            (LoginFailuresBeforeDelay, 1, 10_000_000, "LoginFailuresBeforeDelay"),
            (LoginDelayMs, 100, 86_400_000, "LoginDelayMs"),
            (LoginMaxDelayMs, 100, 86_400_000, "LoginMaxDelayMs"),
            (LoginFailureWindowMs, 1000, 604_800_000, "LoginFailureWindowMs"),
        };
        foreach (var (value, min, max, setting) in ranges)
        {
            if (value < min || value > max)
            {
                yield return new ValidationResult(string.Create(CultureInfo.InvariantCulture, $"RateLimit:{setting} must be from {min} to {max}."));
            }
        }

        if (LoginMaxDelayMs < LoginDelayMs)
        {
            yield return new ValidationResult(
                $"RateLimit:LoginMaxDelayMs ({LoginMaxDelayMs}) must not be less than RateLimit:LoginDelayMs ({LoginDelayMs}).",
                [nameof(LoginMaxDelayMs)]);
        }
    }
}

/// <summary>Checks <see cref="RateLimitOptions"/> (generated).</summary>
[OptionsValidator]
internal sealed partial class RateLimitOptionsValidator : IValidateOptions<RateLimitOptions>;

/// <summary>
/// How failed logins lock an account: failure number <paramref name="LockAfter"/> locks it for <paramref name="First"/>,
/// each later one for twice as long as the last, up to <paramref name="Longest"/>; failures are forgotten after
/// <paramref name="Memory"/> without one.
/// </summary>
public readonly record struct LoginDelays(int LockAfter, TimeSpan First, TimeSpan Longest, TimeSpan Memory)
{
    /// <summary>The lock that failure number <paramref name="failures"/> earns, or zero.</summary>
    public TimeSpan LockFor(long failures)
    {
        var over = failures - LockAfter;
        if (over < 0)
        {
            return TimeSpan.Zero;
        }

        // Capped before shifting: past 2^30 times the first delay every lock is the longest anyway.
        var ms = First.TotalMilliseconds * Math.Pow(2, Math.Min(over, 30));
        return TimeSpan.FromMilliseconds(Math.Min(ms, Longest.TotalMilliseconds));
    }
}

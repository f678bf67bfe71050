using System.Globalization;

namespace EcommerceBackend.Api.Infrastructure;

/// <summary>A date or date-time query parameter: ISO 8601, UTC unless it says otherwise, within the years 1970 to 9998.</summary>
internal static class DateParameter
{
    private const int MinYear = 1970;
    private const int MaxYear = 9998;

    /// <summary>The value, or <see langword="null"/> when absent or not a date this API takes (<see cref="Problem"/> says why).</summary>
    public static DateTimeOffset? Read(string? value) => Parse(value) is (true, var parsed) ? parsed : null;

    /// <summary>What is wrong with the value, as a format string taking the parameter's name; <see langword="null"/> when it is absent or fine.</summary>
    public static string? Problem(string? value) => value is null ? null : Parse(value) switch
    {
        (true, _) => null,
        (false, { } _) => $"The {{0}} parameter must be a date from the years {MinYear} to {MaxYear}.",
        (false, null) => "The {0} parameter must be an ISO 8601 date or date-time, e.g. 2024-05-01 or 2024-05-01T13:00:00Z.",
    };

    /// <summary>Whether the value is usable, and what it parsed to (a date outside the years taken parses but is not usable).</summary>
    private static (bool Usable, DateTimeOffset? Parsed) Parse(string? value)
    {
        if (value is { Length: <= 64 }
            && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            // Kept away from DateTimeOffset's ends: default ranges and bucket steps go a month either side.
            return (parsed.Year is >= MinYear and <= MaxYear, parsed);
        }

        return (false, null);
    }
}

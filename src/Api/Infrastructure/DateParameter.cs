using System.Globalization;

namespace EcommerceBackend.Api.Infrastructure;

/// <summary>A date or date-time query parameter: ISO 8601, UTC unless it says otherwise, within the years 1970 to 9998.</summary>
internal static class DateParameter
{
    private const int MinYear = 1970;
    private const int MaxYear = 9998;

    /// <summary>The value, or <see langword="null"/> when absent or refused (then <paramref name="errors"/> says why).</summary>
    public static DateTimeOffset? Parse(ValidationErrors errors, string field, string? value)
    {
        if (value is null)
        {
            return null;
        }

        if (value.Length <= 64
            && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            // Kept away from DateTimeOffset's ends: default ranges and bucket steps go a month either side.
            if (parsed.Year is >= MinYear and <= MaxYear)
            {
                return parsed;
            }

            errors.Add(field, $"The {field} parameter must be a date from the years {MinYear} to {MaxYear}.");
            return null;
        }

        errors.Add(field, $"The {field} parameter must be an ISO 8601 date or date-time, e.g. 2024-05-01 or 2024-05-01T13:00:00Z.");
        return null;
    }
}

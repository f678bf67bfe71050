using System.ComponentModel.DataAnnotations;

namespace EcommerceBackend.Contracts.Analytics;

/// <summary>
/// Analytics settings (section <c>Analytics</c>; <c>ANALYTICS_REFRESH_INTERVAL</c>, <c>CACHE_TTL</c>), read by the
/// silos and the API nodes alike: so they live with the contracts, the one project both see.
/// </summary>
public sealed class AnalyticsOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Analytics";

    /// <summary>The shortest allowed <see cref="RefreshIntervalMs"/>: every API node asks the analytics grain this often while an administrator listens.</summary>
    public const int MinRefreshIntervalMs = 100;

    /// <summary>The longest allowed <see cref="RefreshIntervalMs"/>: one day.</summary>
    public const int MaxRefreshIntervalMs = 86_400_000;

    /// <summary>The longest allowed <see cref="CacheTtlSeconds"/>: one day.</summary>
    public const int MaxCacheTtlSeconds = 86_400;

    /// <summary>The longest allowed <see cref="HourlyRetentionDays"/>: about ten years.</summary>
    public const int MaxHourlyRetentionDays = 3650;

    /// <summary>
    /// <c>ANALYTICS_REFRESH_INTERVAL</c>, in milliseconds: the analytics grain takes in changed shard totals at most
    /// once per interval (a burst of events costs one refresh), so its answers lag the events by up to about this
    /// much; each API node also checks the summary this often for <c>/hubs/analytics</c> and pushes it when it changed.
    /// </summary>
    public int RefreshIntervalMs { get; set; } = 1000;

    /// <summary>
    /// <c>CACHE_TTL</c>, in seconds: how long an API node may reuse an analytics answer (per route and query) before
    /// asking the analytics grain again, and the <c>max-age</c> of the answer's <c>Cache-Control: private</c> header.
    /// 0 turns the cache off. An answer may then be up to this plus <see cref="RefreshIntervalMs"/> behind the events.
    /// </summary>
    public int CacheTtlSeconds { get; set; } = 1;

    /// <summary>
    /// For how many days (whole UTC days back from the current one) the analytics keep sales per hour. Older hours are
    /// folded into their day, so each shard keeps at most this many days of hours plus one bucket per older day
    /// instead of one bucket for every hour that ever had an order; hour queries before then answer zeros.
    /// </summary>
    public int HourlyRetentionDays { get; set; } = 90;

    /// <summary>The refresh interval as a time span.</summary>
    public TimeSpan RefreshInterval => TimeSpan.FromMilliseconds(RefreshIntervalMs);

    /// <summary>The cache lifetime as a time span.</summary>
    public TimeSpan CacheTtl => TimeSpan.FromSeconds(CacheTtlSeconds);

    /// <summary>
    /// The start of the first UTC day still kept per hour at <paramref name="now"/>: the midnight
    /// <see cref="HourlyRetentionDays"/> days before the current day's.
    /// </summary>
    public DateTimeOffset HourlyCutoff(DateTimeOffset now) =>
        SalesRange.BucketStart(now, SalesInterval.Day).AddDays(-HourlyRetentionDays);

    /// <inheritdoc/>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (RefreshIntervalMs is < MinRefreshIntervalMs or > MaxRefreshIntervalMs)
        {
            yield return new ValidationResult($"Analytics:RefreshIntervalMs (ANALYTICS_REFRESH_INTERVAL) must be from {MinRefreshIntervalMs} to {MaxRefreshIntervalMs} milliseconds (was {RefreshIntervalMs}).");
        }

        if (CacheTtlSeconds is < 0 or > MaxCacheTtlSeconds)
        {
            yield return new ValidationResult($"Analytics:CacheTtlSeconds (CACHE_TTL) must be from 0 to {MaxCacheTtlSeconds} seconds (was {CacheTtlSeconds}).");
        }

        if (HourlyRetentionDays is < 1 or > MaxHourlyRetentionDays)
        {
            yield return new ValidationResult($"Analytics:HourlyRetentionDays must be from 1 to {MaxHourlyRetentionDays} days (was {HourlyRetentionDays}).");
        }
    }
}

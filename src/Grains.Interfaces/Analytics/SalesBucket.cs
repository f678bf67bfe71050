namespace EcommerceBackend.Contracts.Analytics;

/// <summary>The width of a sales bucket.</summary>
[GenerateSerializer, Alias("ecommerce.SalesInterval")]
public enum SalesInterval
{
    /// <summary>One UTC hour.</summary>
    Hour = 0,

    /// <summary>One UTC day.</summary>
    Day = 1,
}

/// <summary>The bounds of a sales query.</summary>
public static class SalesRange
{
    /// <summary>The most buckets one query may span (about 41 days of hours, or 2.7 years of days).</summary>
    public const int MaxBuckets = 1000;

    /// <summary>The start of the UTC hour or day that holds <paramref name="time"/>.</summary>
    public static DateTimeOffset BucketStart(DateTimeOffset time, SalesInterval interval)
    {
        var utc = time.UtcDateTime;
        return interval == SalesInterval.Day
            ? new DateTimeOffset(utc.Year, utc.Month, utc.Day, 0, 0, 0, TimeSpan.Zero)
            : new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero);
    }

    /// <summary>The length of one bucket.</summary>
    public static TimeSpan Width(SalesInterval interval) => interval == SalesInterval.Day ? TimeSpan.FromDays(1) : TimeSpan.FromHours(1);

    /// <summary>How many buckets the range from <paramref name="from"/> to <paramref name="to"/> spans (0 when <paramref name="from"/> is after <paramref name="to"/>).</summary>
    public static long BucketCount(DateTimeOffset from, DateTimeOffset to, SalesInterval interval) =>
        from > to ? 0 : ((BucketStart(to, interval) - BucketStart(from, interval)).Ticks / Width(interval).Ticks) + 1;
}

/// <summary>The orders placed in one UTC hour or day.</summary>
[GenerateSerializer, Alias("ecommerce.SalesBucket")]
public sealed record SalesBucket
{
    /// <summary>The start of the hour or day (UTC).</summary>
    [Id(0)] public required DateTimeOffset Start { get; init; }

    /// <summary>Orders placed in it (by their creation time), including the ones later cancelled.</summary>
    [Id(1)] public required int Orders { get; init; }

    /// <summary>The sum of the totals of those orders that are not cancelled.</summary>
    [Id(2)] public required decimal Revenue { get; init; }

    /// <summary>How many of those orders are cancelled.</summary>
    [Id(3)] public required int Cancelled { get; init; }
}

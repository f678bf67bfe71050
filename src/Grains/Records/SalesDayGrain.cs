using System.Globalization;
using EcommerceBackend.Records;
using Microsoft.Extensions.Logging;

namespace EcommerceBackend.Grains.Records;

/// <summary>One UTC day's sales record (key <c>yyyy-MM-dd</c>): recomputed from the order records after they change.</summary>
[Alias("ecommerce.ISalesDayGrain")]
public interface ISalesDayGrain : IGrainWithStringKey
{
    /// <summary>An order placed on this day changed: recompute the day soon.</summary>
    [Alias("Changed"), Orleans.Concurrency.OneWay]
    Task ChangedAsync();
}

/// <inheritdoc cref="ISalesDayGrain"/>
/// <remarks>
/// One grain per day recomputes it, so two recomputes of a day never race (a later one always starts after the order
/// writes that asked for it). Changes within <see cref="Delay"/> share one recompute: the figures follow the orders by
/// about that much. They are counted from the order records, so they are exact whenever they are recomputed.
/// </remarks>
public sealed partial class SalesDayGrain(IServiceProvider services, ILogger<SalesDayGrain> logger) : Grain, ISalesDayGrain
{
    /// <summary>How long a change may wait for the day's recompute.</summary>
    public static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(500);

    private IGrainTimer? _recompute;

    /// <summary>The key of the day of <paramref name="time"/>.</summary>
    public static string KeyOf(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public Task ChangedAsync()
    {
        _recompute ??= this.RegisterGrainTimer(
            static (grain, _) => grain.RecomputeAsync(),
            this,
            new GrainTimerCreationOptions { DueTime = Delay, Period = Delay, KeepAlive = true });
        return Task.CompletedTask;
    }

    private async Task RecomputeAsync()
    {
        if (services.GetService(typeof(IRecordsStore)) is not IRecordsStore store)
        {
            return;
        }

        var day = DateTime.ParseExact(this.GetPrimaryKeyString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        try
        {
            await store.RecomputeSalesDayAsync(day);
            // Done: the timer stops; the next change starts it again. On failure it ticks again after the delay.
            _recompute?.Dispose();
            _recompute = null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogRecomputeFailed(logger, ex, this.GetPrimaryKeyString());
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recomputing the sales record of {Day} failed; trying again")]
    private static partial void LogRecomputeFailed(ILogger logger, Exception exception, string day);
}

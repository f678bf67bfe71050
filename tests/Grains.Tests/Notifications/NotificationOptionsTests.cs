using EcommerceBackend.Contracts;
using EcommerceBackend.Contracts.Notifications;
using EcommerceBackend.Grains.Notifications;

namespace EcommerceBackend.Grains.Tests.Notifications;

/// <summary>The notification settings: sane defaults, and a bad value named in the failure.</summary>
public sealed class NotificationOptionsTests
{
    [Fact]
    public void The_defaults_are_valid_and_event_ids_are_remembered_for_a_day()
    {
        var options = new NotificationOptions();
        Assert.Equal(200, options.HistoryLimit);
        Assert.Equal(TimeSpan.FromDays(1), options.SeenEventRetention);
        Assert.Empty(Failures(options));
    }

    [Theory]
    [InlineData("00:09:59")]
    [InlineData("30.00:00:01")]
    public void A_retention_of_event_ids_out_of_range_fails_naming_the_setting(string retention)
    {
        var failure = Assert.Single(Failures(new NotificationOptions { SeenEventRetention = TimeSpan.Parse(retention, System.Globalization.CultureInfo.InvariantCulture) }));
        Assert.Contains("Notifications:SeenEventRetention", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(NotificationOptions.MaxHistoryLimit + 1)]
    public void A_history_limit_out_of_range_fails_naming_the_setting(int limit)
    {
        var failure = Assert.Single(Failures(new NotificationOptions { HistoryLimit = limit }));
        Assert.Contains("Notifications:HistoryLimit", failure, StringComparison.Ordinal);
    }

    /// <summary>What the generated validator, the one the host runs at start-up, says of <paramref name="options"/>.</summary>
    private static IEnumerable<string> Failures(NotificationOptions options) => new NotificationOptionsValidator().Validate(null, options).Failures ?? [];
}

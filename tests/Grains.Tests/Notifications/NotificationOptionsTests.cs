using EcommerceBackend.Grains.Notifications;

namespace EcommerceBackend.Grains.Tests.Notifications;

/// <summary>The notification settings: a sane default, and a bad history limit named in the failure.</summary>
public sealed class NotificationOptionsTests
{
    [Fact]
    public void The_default_history_limit_is_valid_and_fewer_than_the_event_ids_remembered()
    {
        var options = new NotificationOptions();
        Assert.Equal(200, options.HistoryLimit);
        Assert.Empty(options.Validate());
        Assert.True(options.SeenEventLimit > options.HistoryLimit);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(NotificationOptions.MaxHistoryLimit + 1)]
    public void A_history_limit_out_of_range_fails_naming_the_setting(int limit)
    {
        var failure = Assert.Single(new NotificationOptions { HistoryLimit = limit }.Validate());
        Assert.Contains("Notifications:HistoryLimit", failure, StringComparison.Ordinal);
    }
}

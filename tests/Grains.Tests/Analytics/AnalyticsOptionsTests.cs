using EcommerceBackend.ClusterHosting;
using EcommerceBackend.Contracts;
using EcommerceBackend.Contracts.Analytics;
using EcommerceBackend.Grains.Analytics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EcommerceBackend.Grains.Tests.Analytics;

/// <summary>The analytics settings: sane defaults, the original's variable names, and bad values named in the failure.</summary>
public sealed class AnalyticsOptionsTests
{
    [Fact]
    public void The_defaults_refresh_every_second_cache_an_answer_for_a_second_and_keep_hours_for_90_days()
    {
        var options = new AnalyticsOptions();
        Assert.Equal((1000, 1, 90), (options.RefreshIntervalMs, options.CacheTtlSeconds, options.HourlyRetentionDays));
        Assert.Empty(Failures(options));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(AnalyticsOptions.MaxHourlyRetentionDays + 1)]
    public void An_hourly_retention_out_of_range_fails_naming_the_setting(int days)
    {
        var failure = Assert.Single(Failures(new AnalyticsOptions { HourlyRetentionDays = days }));
        Assert.StartsWith("Analytics:HourlyRetentionDays", failure, StringComparison.Ordinal);
        Assert.Empty(Failures(new AnalyticsOptions { HourlyRetentionDays = 1 }));
        Assert.Empty(Failures(new AnalyticsOptions { HourlyRetentionDays = AnalyticsOptions.MaxHourlyRetentionDays }));
    }

    [Fact]
    public void The_hourly_retention_is_read_from_configuration_and_a_bad_one_stops_the_host_at_start_up()
    {
        Assert.Equal(7, Resolve(new Dictionary<string, string?> { ["Analytics:HourlyRetentionDays"] = "7" }).HourlyRetentionDays);
        var error = Assert.Throws<OptionsValidationException>(() => Resolve(new Dictionary<string, string?> { ["Analytics:HourlyRetentionDays"] = "0" }));
        Assert.Contains("Analytics:HourlyRetentionDays", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_hourly_cutoff_is_the_utc_midnight_the_retention_before_the_current_day()
    {
        var options = new AnalyticsOptions { HourlyRetentionDays = 2 };
        var midnight = new DateTimeOffset(2030, 3, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(midnight.AddDays(-2), options.HourlyCutoff(midnight));
        Assert.Equal(midnight.AddDays(-2), options.HourlyCutoff(midnight.AddHours(23).AddMinutes(59)));
        // 01:30 at +02:00 is still the day before in UTC.
        Assert.Equal(midnight.AddDays(-3), options.HourlyCutoff(new DateTimeOffset(2030, 3, 1, 1, 30, 0, TimeSpan.FromHours(2))));
        Assert.Equal(TimeSpan.Zero, options.HourlyCutoff(midnight.AddHours(5)).Offset);
    }

    [Theory]
    [InlineData(0, 1, "Analytics:RefreshIntervalMs (ANALYTICS_REFRESH_INTERVAL)")]
    [InlineData(-5, 1, "Analytics:RefreshIntervalMs (ANALYTICS_REFRESH_INTERVAL)")]
    [InlineData(AnalyticsOptions.MinRefreshIntervalMs - 1, 1, "Analytics:RefreshIntervalMs (ANALYTICS_REFRESH_INTERVAL)")]
    [InlineData(AnalyticsOptions.MaxRefreshIntervalMs + 1, 1, "Analytics:RefreshIntervalMs (ANALYTICS_REFRESH_INTERVAL)")]
    [InlineData(1000, -1, "Analytics:CacheTtlSeconds (CACHE_TTL)")]
    [InlineData(1000, AnalyticsOptions.MaxCacheTtlSeconds + 1, "Analytics:CacheTtlSeconds (CACHE_TTL)")]
    public void A_value_out_of_range_fails_naming_the_setting(int refreshIntervalMs, int cacheTtlSeconds, string setting)
    {
        var failure = Assert.Single(Failures(new AnalyticsOptions { RefreshIntervalMs = refreshIntervalMs, CacheTtlSeconds = cacheTtlSeconds }));
        Assert.StartsWith(setting, failure, StringComparison.Ordinal);
    }

    [Fact]
    public void The_original_variables_set_them_and_a_bad_one_stops_the_host_at_start_up()
    {
        var translated = LegacyEnvironmentVariables.Translate(new Dictionary<string, string?> { ["ANALYTICS_REFRESH_INTERVAL"] = "300000", ["CACHE_TTL"] = "0" });
        var good = Resolve(translated);
        Assert.Equal((300_000, 0), (good.RefreshIntervalMs, good.CacheTtlSeconds));

        var error = Assert.Throws<OptionsValidationException>(() => Resolve(new Dictionary<string, string?> { ["Analytics:RefreshIntervalMs"] = "0" }));
        Assert.Contains("ANALYTICS_REFRESH_INTERVAL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Registering_twice_as_an_embedded_api_and_its_silo_do_checks_once()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Analytics:CacheTtlSeconds"] = "-1" }).Build();
        using var services = new ServiceCollection().AddAnalyticsOptions(configuration).AddAnalyticsOptions(configuration).BuildServiceProvider();
        Assert.Single(services.GetServices<IValidateOptions<AnalyticsOptions>>());
        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<AnalyticsOptions>>().Value);
        Assert.Single(error.Failures);
    }

    private static AnalyticsOptions Resolve(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = new ServiceCollection().AddAnalyticsOptions(configuration).BuildServiceProvider();
        return services.GetRequiredService<IOptions<AnalyticsOptions>>().Value;
    }

    /// <summary>What the generated validator, the one the host runs at start-up, says of <paramref name="options"/>.</summary>
    private static IEnumerable<string> Failures(AnalyticsOptions options) => new AnalyticsOptionsValidator().Validate(null, options).Failures ?? [];
}

using System.Diagnostics.Metrics;

namespace EcommerceBackend.Grains;

/// <summary>
/// The shop's own metrics, on the meter <see cref="MeterName"/> (hosts add it by name). What the broker carries is
/// counted by the stream provider's meter, and requests by the ASP.NET Core instrumentation.
/// </summary>
public static class ShopMetrics
{
    /// <summary>The name of the shop's meter.</summary>
    public const string MeterName = "EcommerceBackend";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Orders that were placed (a retried placement counts once).</summary>
    public static readonly Counter<long> OrdersPlaced = Meter.CreateCounter<long>("ecommerce.orders.placed", "{order}", "Orders placed.");

    /// <summary>Orders refused because a product had not enough stock to reserve.</summary>
    public static readonly Counter<long> ReservationsRefused = Meter.CreateCounter<long>(
        "ecommerce.reservations.refused", "{order}", "Orders refused because a line's stock could not be reserved.");
}

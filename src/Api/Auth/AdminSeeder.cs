using EcommerceBackend.ClusterHosting;
using EcommerceBackend.Contracts.Customers;
using Microsoft.Extensions.Options;

namespace EcommerceBackend.Api.Auth;

/// <summary>
/// Creates the configured administrator, or makes that account an administrator, before the API serves.
/// Every API node does it; the email owner grain makes it happen once.
/// </summary>
internal sealed partial class AdminSeeder(
    IClusterClient cluster,
    IOptions<AdminOptions> admin,
    ClusterHostingOptions hosting,
    ILogger<AdminSeeder> logger) : IHostedService
{
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(60);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var options = admin.Value;
        var embedded = hosting.Mode == HostingMode.Embedded;
        if (!options.IsConfigured)
        {
            LogNoAdmin(logger);
            return;
        }

        var email = EmailAddress.Normalize(options.Email!);
        var deadline = DateTime.UtcNow + GiveUpAfter;
        while (true)
        {
            try
            {
                await cluster.GetGrain<ICustomerEmailGrain>(email).SeedAdminAsync(options.Name, options.Password!);
                break;
            }
            catch (Exception ex) when (DateTime.UtcNow < deadline && ex is not OperationCanceledException)
            {
                LogSeedRetry(logger, ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }

        if (embedded && options.Password == AdminOptions.EmbeddedPassword)
        {
            LogEmbeddedAdmin(logger, email, options.Password);
        }
        else
        {
            LogAdminReady(logger, email);
        }

    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "No administrator is configured (Admin:Email and Admin:Password, or ADMIN_EMAIL and ADMIN_PASSWORD); admin-only routes cannot be used")]
    private static partial void LogNoAdmin(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Seeding the administrator failed ({Reason}); retrying")]
    private static partial void LogSeedRetry(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Embedded mode: administrator {Email} has the default password {Password}; set Admin:Password (ADMIN_PASSWORD) for anything but a local trial")]
    private static partial void LogEmbeddedAdmin(ILogger logger, string email, string password);

    [LoggerMessage(Level = LogLevel.Information, Message = "Administrator {Email} is ready")]
    private static partial void LogAdminReady(ILogger logger, string email);
}

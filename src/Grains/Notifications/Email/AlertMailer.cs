using System.Threading.Channels;
using EcommerceBackend.Contracts.Customers;
using EcommerceBackend.Contracts.Notifications;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace EcommerceBackend.Grains.Notifications.Email;

/// <summary>A notification to send by email to the owner of an inbox.</summary>
public sealed record AlertMail(string Inbox, Notification Notification);

/// <summary>Sends alerts by email, off the inbox's path: queuing never waits and never fails.</summary>
public interface IAlertMailer
{
    /// <summary>Queues a notification for sending; does nothing when email is off.</summary>
    void Enqueue(AlertMail mail);
}

/// <summary>
/// Sends queued alerts through SMTP with MailKit, one at a time, in the background. A failing send is tried
/// again with doubling pauses, up to <see cref="EmailOptions.MaxAttempts"/>, and logged; the inbox has long
/// since been written, so a mail server that is down never holds a notification back.
/// </summary>
public sealed partial class SmtpAlertMailer(IOptions<EmailOptions> options, IGrainFactory grains, ILogger<SmtpAlertMailer> logger)
    : BackgroundService, IAlertMailer
{
    // Bounded so a long outage cannot fill the memory; the oldest waiting mail gives way.
    private readonly Channel<AlertMail> _queue = Channel.CreateBounded<AlertMail>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest });

    public void Enqueue(AlertMail mail)
    {
        if (options.Value.Enabled)
        {
            _queue.Writer.TryWrite(mail);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var mail in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            await SendWithRetriesAsync(mail, stoppingToken);
        }
    }

    private async Task SendWithRetriesAsync(AlertMail mail, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var delay = settings.RetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var recipients = await RecipientsAsync(mail);
                if (recipients.Count == 0)
                {
                    LogNoRecipient(logger, mail.Inbox);
                    return;
                }

                await SendAsync(settings, recipients, mail.Notification, cancellationToken);
                LogSent(logger, mail.Notification.Id, recipients.Count);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                if (attempt >= settings.MaxAttempts)
                {
                    LogGaveUp(logger, ex, mail.Notification.Id, attempt);
                    return;
                }

                LogRetrying(logger, mail.Notification.Id, attempt, ex.Message);
                await Task.Delay(delay, cancellationToken);
                delay += delay;
            }
        }
    }

    private async Task<IReadOnlyList<MailboxAddress>> RecipientsAsync(AlertMail mail)
    {
        if (mail.Inbox == NotificationInboxes.Admins)
        {
            return options.Value.AdminRecipients
                .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(MailboxAddress.Parse)
                .ToList();
        }

        var profile = await grains.GetGrain<ICustomerGrain>(mail.Inbox).GetProfileAsync();
        return profile is null ? [] : [new MailboxAddress(profile.Name, profile.Email)];
    }

    private static async Task SendAsync(EmailOptions settings, IReadOnlyList<MailboxAddress> recipients, Notification notification, CancellationToken cancellationToken)
    {
        var message = new MimeMessage { Subject = notification.Title, Body = new TextPart("plain") { Text = notification.Message } };
        message.From.Add(MailboxAddress.Parse(settings.Sender));
        message.To.AddRange(recipients);
        message.Headers.Add("X-Notification-Id", notification.Id);

        using var smtp = new SmtpClient();
        await smtp.ConnectAsync(settings.ResolvedHost!, settings.Port, SecureSocketOptions.Auto, cancellationToken);
        if (settings.User is { Length: > 0 } user)
        {
            await smtp.AuthenticateAsync(user, settings.Password ?? "", cancellationToken);
        }

        await smtp.SendAsync(message, cancellationToken);
        await smtp.DisconnectAsync(quit: true, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Alert {NotificationId} emailed to {Count} recipient(s)")]
    private static partial void LogSent(ILogger logger, string notificationId, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Emailing alert {NotificationId} failed (attempt {Attempt}): {Reason}; trying again")]
    private static partial void LogRetrying(ILogger logger, string notificationId, int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Emailing alert {NotificationId} failed {Attempts} times; giving up (it stays in the inbox)")]
    private static partial void LogGaveUp(ILogger logger, Exception exception, string notificationId, int attempts);

    [LoggerMessage(Level = LogLevel.Debug, Message = "No email address for inbox {Inbox}; the alert stays in the inbox only")]
    private static partial void LogNoRecipient(ILogger logger, string inbox);
}

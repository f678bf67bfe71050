using EcommerceBackend.Contracts;
using EcommerceBackend.Contracts.Customers;
using EcommerceBackend.Contracts.Events;
using EcommerceBackend.Grains.Customers;
using EcommerceBackend.Grains.Events;
using EcommerceBackend.Grains.Tests.Infrastructure;
using Orleans.Streaming.RabbitMQ.Tests.Infrastructure;

namespace EcommerceBackend.Grains.Tests.Notifications;

/// <summary>Alerts also go out by email, through the test process's SMTP sink, without ever holding the inbox up.</summary>
public sealed class AlertEmailTests(ClusterFixture fixture) : NotificationTest(fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task An_order_notification_is_emailed_to_the_customer()
    {
        var email = TestData.NewEmail("mailed");
        var customer = (await Grains.GetGrain<ICustomerEmailGrain>(email).RegisterAsync(TestData.NewCustomer(email))).Customer!;
        var product = await StockedProductAsync(5);

        var order = await PlaceAsync(customer.Id, (product.Id, 1));
        await WaitForNotificationAsync(customer.Id, order.Id, EventTypes.OrderCreated);

        var mail = await MailToAsync(email, m => m.Data.Contains(order.Id, StringComparison.Ordinal));
        Assert.Contains("Subject: Order placed", mail.Data, StringComparison.Ordinal);
        Assert.Contains("X-Notification-Id:", mail.Data, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refusing_mail_server_is_retried_and_given_up_while_the_inbox_keeps_the_notification()
    {
        var email = TestData.NewEmail("refuse");
        var customer = (await Grains.GetGrain<ICustomerEmailGrain>(email).RegisterAsync(TestData.NewCustomer(email))).Customer!;
        var product = await StockedProductAsync(5);

        var order = await PlaceAsync(customer.Id, (product.Id, 1));

        // The inbox has it at once, whatever the mail server says.
        await WaitForNotificationAsync(customer.Id, order.Id, EventTypes.OrderCreated);
        // The server refuses the recipient: the mailer tries again, up to its limit (3 in the test cluster), then stops.
        await Eventually.Until(
            $"3 attempts to mail {email} to reach the mail server",
            () => SmtpSink.Instance.Refused.GetValueOrDefault(email),
            attempts => attempts >= 3,
            Deadline);

        Assert.Equal(3, SmtpSink.Instance.Refused[email]);
        Assert.DoesNotContain(SmtpSink.Instance.Mails, m => m.Recipients.Contains(email));
    }

    private static async Task<ReceivedMail> MailToAsync(string address, Func<ReceivedMail, bool> match)
    {
        var seen = await Eventually.Until(
            $"a matching mail to {address}",
            () => new MailSeen(
                SmtpSink.Instance.Mails.FirstOrDefault(m => m.Recipients.Contains(address, StringComparer.OrdinalIgnoreCase) && match(m)),
                SmtpSink.Instance.Mails.Count),
            s => s.Mail is not null,
            Deadline);
        return seen.Mail!;
    }

    /// <summary>What a wait for a mail last saw; a failure says how many mails the sink had, not their whole text.</summary>
    private sealed record MailSeen(ReceivedMail? Mail, int InSink)
    {
        public override string ToString() => $"{InSink} mail(s) in the sink, none of them the one awaited";
    }
}

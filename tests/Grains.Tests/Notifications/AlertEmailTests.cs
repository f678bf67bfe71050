using EcommerceBackend.Grains.Customers;
using EcommerceBackend.Grains.Events;
using EcommerceBackend.Grains.Tests.Infrastructure;

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
        var deadline = DateTime.UtcNow + Deadline;
        while (SmtpSink.Instance.Refused.GetValueOrDefault(email) < 3)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Only {SmtpSink.Instance.Refused.GetValueOrDefault(email)} attempt(s) reached the mail server.");
            await Task.Delay(20);
        }

        Assert.Equal(3, SmtpSink.Instance.Refused[email]);
        Assert.DoesNotContain(SmtpSink.Instance.Mails, m => m.Recipients.Contains(email));
    }

    private static async Task<ReceivedMail> MailToAsync(string address, Func<ReceivedMail, bool> match)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (true)
        {
            if (SmtpSink.Instance.Mails.FirstOrDefault(m => m.Recipients.Contains(address, StringComparer.OrdinalIgnoreCase) && match(m)) is { } mail)
            {
                return mail;
            }

            Assert.True(DateTime.UtcNow < deadline, $"No mail to {address} arrived; the sink has {SmtpSink.Instance.Mails.Count}.");
            await Task.Delay(20);
        }
    }
}

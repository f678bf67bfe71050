using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using EcommerceBackend.Contracts;

namespace EcommerceBackend.Grains.Tests.Infrastructure;

/// <summary>A mail received by the <see cref="SmtpSink"/>.</summary>
public sealed record ReceivedMail(IReadOnlyList<string> Recipients, string Data);

/// <summary>
/// A local SMTP server for the tests: it speaks just enough SMTP for MailKit, keeps every mail, and refuses
/// (550) any recipient whose address contains "refuse", counting the attempts, so tests can show retries.
/// One per test process, on a free loopback port; the test cluster's silos are configured to send to it.
/// </summary>
public sealed class SmtpSink
{
    private static readonly Lazy<SmtpSink> Shared = new(() => new SmtpSink());
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

    private SmtpSink()
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = AcceptAsync();
    }

    public static SmtpSink Instance => Shared.Value;

    public int Port { get; }

    public ConcurrentQueue<ReceivedMail> Mails { get; } = new();

    public ConcurrentDictionary<string, int> Refused { get; } = new(StringComparer.OrdinalIgnoreCase);

    private async Task AcceptAsync()
    {
        while (true)
        {
            var client = await _listener.AcceptTcpClientAsync();
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        await using var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII);
        await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
        var recipients = new List<string>();
        await writer.WriteLineAsync("220 sink ESMTP");
        while (await reader.ReadLineAsync() is { } line)
        {
            var command = line.Length >= 4 ? line[..4].ToUpperInvariant() : line.ToUpperInvariant();
            switch (command)
            {
                case "EHLO":
                    await writer.WriteLineAsync("250-sink");
                    await writer.WriteLineAsync("250 8BITMIME");
                    break;
                case "HELO":
                case "MAIL":
                case "NOOP":
                    await writer.WriteLineAsync("250 OK");
                    break;
                case "RSET":
                    recipients.Clear();
                    await writer.WriteLineAsync("250 OK");
                    break;
                case "RCPT":
                    var address = line[(line.IndexOf('<') + 1)..line.LastIndexOf('>')];
                    if (address.Contains("refuse", StringComparison.OrdinalIgnoreCase))
                    {
                        Refused.AddOrUpdate(address, 1, (_, n) => n + 1);
                        await writer.WriteLineAsync("550 mailbox unavailable");
                    }
                    else
                    {
                        recipients.Add(address);
                        await writer.WriteLineAsync("250 OK");
                    }

                    break;
                case "DATA":
                    await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                    var data = new StringBuilder();
                    while (await reader.ReadLineAsync() is { } dataLine && dataLine != ".")
                    {
                        data.AppendLine(dataLine);
                    }

                    Mails.Enqueue(new ReceivedMail([.. recipients], data.ToString()));
                    recipients.Clear();
                    await writer.WriteLineAsync("250 OK");
                    break;
                case "QUIT":
                    await writer.WriteLineAsync("221 Bye");
                    return;
                default:
                    await writer.WriteLineAsync("502 Command not implemented");
                    break;
            }
        }
    }
}

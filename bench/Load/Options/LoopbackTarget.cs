using System.Net;

namespace EcommerceBackend.Load.Options;

/// <summary>
/// The generator only ever loads this machine: a target outside 127.0.0.0/8, ::1 or <c>localhost</c> is refused, and
/// redirects are never followed (see <see cref="Running.LoadRun"/>), so an answer cannot send it elsewhere.
/// </summary>
public static class LoopbackTarget
{
    /// <summary>The URL when it is an http(s) URL of a loopback host; otherwise an <see cref="ArgumentException"/> saying why.</summary>
    public static Uri Check(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"--url must be an absolute http or https URL; got '{url}'.");
        }

        if (!IsLoopback(uri.Host))
        {
            throw new ArgumentException(
                $"Refusing to load '{uri.Host}': this generator only targets this machine (127.0.0.0/8, ::1 or localhost).");
        }

        if (uri.AbsolutePath != "/" || uri.Query.Length > 0)
        {
            throw new ArgumentException($"--url is the API's base address without a path, e.g. http://127.0.0.1:5000; got '{url}'.");
        }

        return uri;
    }

    /// <summary>Whether the host is <c>localhost</c> or a loopback address literal (an IPv4-mapped IPv6 one included).</summary>
    public static bool IsLoopback(string host)
    {
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (!IPAddress.TryParse(host.Trim('[', ']'), out var address))
        {
            // Any other name could resolve anywhere.
            return false;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return IPAddress.IsLoopback(address);
    }
}

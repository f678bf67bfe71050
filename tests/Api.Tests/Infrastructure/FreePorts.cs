using System.Net;
using System.Net.Sockets;

namespace EcommerceBackend.Api.Tests.Infrastructure;

/// <summary>TCP ports the operating system just handed out as free, so tests never collide on fixed ports.</summary>
internal static class FreePorts
{
    /// <summary>Returns <paramref name="count"/> distinct free loopback ports (held together while chosen, so they differ).</summary>
    public static int[] Take(int count)
    {
        var listeners = new List<TcpListener>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                listeners.Add(listener);
            }

            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Stop();
            }
        }
    }

    /// <summary>
    /// <paramref name="count"/> consecutive free loopback ports, for programs that number their ports from a base
    /// (the cluster script gives silo K the port BASE+K-1).
    /// </summary>
    public static int[] TakeRange(int count)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var first = Take(1)[0];
            if (first + count > IPEndPoint.MaxPort)
            {
                continue;
            }

            var listeners = new List<TcpListener>();
            try
            {
                for (var port = first; port < first + count; port++)
                {
                    var listener = new TcpListener(IPAddress.Loopback, port);
                    listener.Start();
                    listeners.Add(listener);
                }

                return Enumerable.Range(first, count).ToArray();
            }
            catch (SocketException)
            {
                // One of them is taken: try another base.
            }
            finally
            {
                foreach (var listener in listeners)
                {
                    listener.Stop();
                }
            }
        }

        throw new InvalidOperationException($"Found no {count} consecutive free ports.");
    }
}

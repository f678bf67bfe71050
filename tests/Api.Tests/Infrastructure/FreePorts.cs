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
}

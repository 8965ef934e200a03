using System.Net;
using System.Net.Sockets;

namespace WebBroker.TestSupport;

/// <summary>
/// Ephemeral loopback ports for listeners a server cannot be told to pick itself (<c>-1</c>) and announce,
/// such as the cluster ports that a group's nodes must know of each other before any starts. All are
/// held open together while picked, so they differ; the operating system hands out ephemeral ports in
/// turn, so another process taking one before the server binds it is unlikely, not impossible.
/// Client, monitoring and WebSocket ports never come from here: servers pick those (<c>-1</c>) and log them.
/// </summary>
public static class FreePorts
{
    public static int[] Pick(int count)
    {
        var listeners = new List<TcpListener>(count);
        try
        {
            for (var i = 0; i < count; i++)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                listeners.Add(listener);
            }
            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            foreach (var listener in listeners) listener.Stop();
        }
    }

    public static int Pick() => Pick(1)[0];
}

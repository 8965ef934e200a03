using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace WebBroker.Web.Listeners;

/// <summary>HTTP (and HTTPS) monitoring. With explicit listeners Kestrel ignores the application's own URLs,
/// so this is also where the embedding application's endpoints and the dashboard are served.</summary>
public sealed class MonitorListener(HostSettings settings) : IListenerFactory
{
    public ListenerKind Kind => ListenerKind.Monitor;

    public void Bind(KestrelServerOptions kestrel, BoundListeners bound)
    {
        var options = settings.Server;
        if (options.HttpsPort != 0 && options.Tls is { } tls)
            kestrel.Listen(BrokerAddress.Parse(settings.HttpHost), options.HttpsPort < 0 ? 0 : options.HttpsPort, lo =>
            {
                bound.Add(ListenerKind.MonitorTls, lo);
                lo.UseHttps(Security.TlsHandshake.HttpsOptions(tls));
            });
        var port = ResolveHttpPort(out var defaultSocket);
        if (defaultSocket is not null)
        {
            kestrel.ListenHandle((ulong)defaultSocket.Handle);
            bound.AddHandedSocket(Kind, (IPEndPoint)defaultSocket.LocalEndPoint!);
        }
        else if (port is { } p)
            kestrel.Listen(BrokerAddress.Parse(settings.HttpHost), p <= 0 ? 0 : p, lo => bound.Add(Kind, lo));
    }

    /// <summary>The monitoring port. An explicit one must bind. The implicit default (8222) is skipped with a
    /// warning when taken, so that several brokers (tests, benchmarks) can run side by side; to decide
    /// without a race, we bind it ourselves and hand Kestrel the listening socket.</summary>
    private int? ResolveHttpPort(out Socket? defaultSocket)
    {
        defaultSocket = null;
        var port = settings.Server.HttpPort;
        if (port == 0) return null;
        if (!settings.HttpPortIsDefault) return port;
        var address = BrokerAddress.Parse(settings.HttpHost);
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(address, port));
            socket.Listen(512);
            defaultSocket = socket;
            return port;
        }
        catch (SocketException)
        {
            socket.Dispose();
            Console.Error.WriteLine($"[WRN] http port {port} is in use; monitoring and dashboard are off (use -m to choose a port)");
            return null;
        }
    }
}

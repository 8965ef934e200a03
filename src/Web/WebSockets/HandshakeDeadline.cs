using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace WebBroker.Web.WebSockets;

/// <summary>
/// The websocket listener's handshake_timeout: a connection that has not completed its TLS handshake and
/// HTTP upgrade in time is dropped, as nats-server's read timeout on its websocket HTTP server does. It sits
/// in front of TLS on the listener; the upgrade disarms it.
/// </summary>
public sealed class HandshakeDeadline : IDisposable
{
    private readonly Timer _timer;

    private HandshakeDeadline(ConnectionContext connection, TimeSpan timeout) =>
        _timer = new Timer(static c => ((ConnectionContext)c!).Abort(new ConnectionAbortedException("websocket handshake timeout")), connection, timeout, Timeout.InfiniteTimeSpan);

    /// <summary>Arms a deadline on each connection of the listener; the HTTP request finds it among its features.</summary>
    public static void Arm(ListenOptions listener, TimeSpan timeout)
    {
        if (timeout <= TimeSpan.Zero) return;
        listener.Use(next => async connection =>
        {
            using var deadline = new HandshakeDeadline(connection, timeout);
            connection.Features.Set(deadline);
            await next(connection).ConfigureAwait(false);
        });
    }

    /// <summary>The handshake is over: the connection may live on.</summary>
    public void Disarm() => _timer.Change(Timeout.Infinite, Timeout.Infinite);

    public void Dispose() => _timer.Dispose();
}

using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;

namespace WebBroker.Web.WebSockets;

/// <summary>
/// websocket.handshake_timeout on the dedicated listener, as nats-server applies it: a connection that has
/// not completed its TLS handshake and HTTP upgrade in time is closed.
/// </summary>
public static class HandshakeTimeout
{
    private const string UpgradedKey = "webbroker.ws.upgraded";

    /// <summary>Connection middleware for the listener: aborts the connection at the deadline unless upgraded.</summary>
    public static Func<ConnectionDelegate, ConnectionDelegate> Middleware(TimeSpan timeout) => next => async connection =>
    {
        using var timer = new Timer(static state =>
        {
            var c = (ConnectionContext)state!;
            if (!c.Items.ContainsKey(UpgradedKey)) c.Abort(new ConnectionAbortedException("websocket handshake timeout"));
        }, connection, timeout, Timeout.InfiniteTimeSpan);
        await next(connection);
    };

    /// <summary>Marks the request's connection as upgraded: the timeout no longer applies.</summary>
    public static void Completed(HttpContext context)
    {
        if (context.Features.Get<IConnectionItemsFeature>() is { } items) items.Items[UpgradedKey] = true;
    }
}

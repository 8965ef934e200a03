using Microsoft.AspNetCore.Server.Kestrel.Core;
using WebBroker.Broker.Server;
using WebBroker.Web.WebSockets;

namespace WebBroker.Web.Listeners;

/// <summary>NATS over WebSocket: the <c>websocket</c> block's own HTTP listener, and the upgrade that turns a
/// request (on that listener, or on the HTTP port) into a broker connection.</summary>
public sealed class WebSocketListener(NatsServer server) : IListenerFactory
{
    public ListenerKind Kind => ListenerKind.WebSocket;

    public void Bind(KestrelServerOptions kestrel, BoundListeners bound)
    {
        var options = server.Options.WebSocket;
        if (options.Port is not { } port) return;
        kestrel.Listen(BrokerAddress.Parse(options.Host), port <= 0 ? 0 : port, lo =>
        {
            bound.Add(Kind, lo);
            // The deadline covers the TLS handshake too: it is added before HTTPS.
            lo.Use(HandshakeTimeout.Middleware(options.HandshakeTimeout));
            if (options.Tls is { } tls) lo.UseHttps(Security.TlsHandshake.HttpsOptions(tls));
        });
    }

    public void Map(WebApplication app)
    {
        var bound = app.Services.GetRequiredService<BoundListeners>();
        app.UseNatsWebSockets(server, () => bound.Port(Kind));
    }
}

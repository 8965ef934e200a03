using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using WebBroker.Broker.Hosting;
using WebBroker.Broker.Server;
using WebBroker.Web.Transport;

namespace WebBroker.Web.Listeners;

/// <summary>NATS over TCP: Kestrel hands each accepted connection to <see cref="NatsConnectionHandler"/>. The port
/// is bound by <see cref="DirectSocketTransportFactory"/> (reads and writes on the connection's own threads).</summary>
public sealed class ClientListener(ServerOptions options) : IListenerFactory
{
    public ListenerKind Kind => ListenerKind.Client;

    public void Bind(KestrelServerOptions kestrel, BoundListeners bound) =>
        kestrel.Listen(new DirectSocketEndPoint(new(BrokerAddress.Parse(options.Host), options.Port <= 0 ? 0 : options.Port)), lo =>
        {
            bound.Add(Kind, lo);
            lo.UseConnectionHandler<NatsConnectionHandler>();
        });
}

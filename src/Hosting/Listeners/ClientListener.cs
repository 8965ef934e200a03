using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using WebBroker.Broker.Hosting;
using WebBroker.Broker.Server;

namespace WebBroker.Web.Listeners;

/// <summary>NATS over TCP: Kestrel hands each accepted connection to <see cref="NatsConnectionHandler"/>.</summary>
public sealed class ClientListener(ServerOptions options) : IListenerFactory
{
    public ListenerKind Kind => ListenerKind.Client;

    public void Bind(KestrelServerOptions kestrel, BoundListeners bound) =>
        kestrel.Listen(BrokerAddress.Parse(options.Host), options.Port <= 0 ? 0 : options.Port, lo =>
        {
            bound.Add(Kind, lo);
            lo.UseConnectionHandler<NatsConnectionHandler>();
        });
}

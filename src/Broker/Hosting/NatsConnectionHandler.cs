using Microsoft.AspNetCore.Connections;
using WebBroker.Broker.Server;

namespace WebBroker.Broker.Hosting;

/// <summary>The Kestrel adapter: hands each accepted connection's pipe to the engine.</summary>
public sealed class NatsConnectionHandler(NatsServer server) : ConnectionHandler
{
    public override Task OnConnectedAsync(ConnectionContext connection) =>
        server.AcceptAsync(connection.Transport, connection.RemoteEndPoint, connection.Abort);
}

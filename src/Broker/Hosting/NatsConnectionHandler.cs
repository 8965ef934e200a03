using Microsoft.AspNetCore.Connections;
using WebBroker.Broker.Server;

namespace WebBroker.Broker.Hosting;

/// <summary>The Kestrel adapter: hands each accepted connection's pipe to the engine, through TLS when
/// the host configured it (before INFO with handshake_first, after it otherwise).</summary>
public sealed class NatsConnectionHandler(NatsServer server, ClientTls? tls = null) : ConnectionHandler
{
    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        if (tls is null)
        {
            await server.AcceptAsync(connection.Transport, connection.RemoteEndPoint, connection.Abort);
            return;
        }
        if (!tls.HandshakeFirst)
        {
            await server.AcceptAsync(connection.Transport, connection.RemoteEndPoint, connection.Abort, tls.Handshake);
            return;
        }
        System.IO.Pipelines.IDuplexPipe secured;
        try
        {
            secured = await tls.Handshake(connection.Transport);
        }
        catch (Exception)
        {
            connection.Abort();
            return;
        }
        await server.AcceptAsync(secured, connection.RemoteEndPoint, connection.Abort);
    }
}

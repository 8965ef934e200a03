using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;

namespace WebBroker.Web.Transport;

/// <summary>
/// A lean Kestrel transport for the NATS client port, as nats-server does it: the connection's own read loop
/// receives straight from the socket (one wake-up per batch, from the socket engine to a pool thread that
/// then parses), and a flush sends straight to the socket on the flushing thread. Kestrel's socket transport
/// runs a receive loop and a send loop of its own per connection and hands every batch between them and the
/// application through a pipe and its I/O queues: two more thread hand-offs per message each way, which were
/// most of the CPU of a request/reply round trip and of a connection's set-up. It binds only
/// <see cref="DirectSocketEndPoint"/>s; HTTP and WebSocket stay on Kestrel's own transport.
/// </summary>
public sealed class DirectSocketTransportFactory(LargeBlockMemoryPoolFactory pools) : IConnectionListenerFactory, IConnectionListenerFactorySelector
{
    public bool CanBind(EndPoint endpoint) => endpoint is DirectSocketEndPoint;

    public ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        var address = ((DirectSocketEndPoint)endpoint).Address;
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (address.AddressFamily == AddressFamily.InterNetworkV6 && address.Address.Equals(IPAddress.IPv6Any))
                socket.DualMode = true;
            // As Kestrel's transport: a restarted server can rebind at once (SO_REUSEADDR on Unix).
            if (!OperatingSystem.IsWindows()) socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(address);
            socket.Listen(512);
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            socket.Dispose();
            throw new AddressInUseException(ex.Message, ex);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return new(new Listener(socket, pools.Create()));
    }

    private sealed class Listener(Socket socket, System.Buffers.MemoryPool<byte> pool) : IConnectionListener
    {
        public EndPoint EndPoint { get; } = socket.LocalEndPoint!;

        public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
        {
            while (true)
            {
                try
                {
                    var accepted = await socket.AcceptAsync(cancellationToken).ConfigureAwait(false);
                    accepted.NoDelay = true;
                    return new DirectSocketConnection(accepted, pool);
                }
                catch (ObjectDisposedException)
                {
                    return null; // unbound
                }
                catch (SocketException ex) when (ex.SocketErrorCode == SocketError.OperationAborted)
                {
                    return null; // unbound
                }
                catch (SocketException)
                {
                    // The peer went away between the handshake and the accept: take the next one.
                }
            }
        }

        public ValueTask UnbindAsync(CancellationToken cancellationToken = default)
        {
            socket.Dispose();
            return default;
        }

        public ValueTask DisposeAsync()
        {
            socket.Dispose();
            return default;
        }
    }
}

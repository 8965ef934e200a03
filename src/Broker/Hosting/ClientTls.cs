using System.IO.Pipelines;

namespace WebBroker.Broker.Hosting;

/// <summary>TLS for the client port, provided by the host: the handshake over a raw transport, and
/// whether it comes before INFO (handshake_first) or after it (nats-server's default).</summary>
public sealed class ClientTls(Func<IDuplexPipe, Task<IDuplexPipe>> handshake, bool handshakeFirst)
{
    public Func<IDuplexPipe, Task<IDuplexPipe>> Handshake { get; } = handshake;
    public bool HandshakeFirst { get; } = handshakeFirst;
}

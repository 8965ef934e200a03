using System.Net;
using System.Net.Sockets;

namespace WebBroker.Web.Transport;

/// <summary>
/// An address bound by <see cref="DirectSocketTransportFactory"/> rather than Kestrel's socket transport.
/// It is not an <see cref="IPEndPoint"/>, so no other transport claims it; once bound, Kestrel records the
/// listener's actual <see cref="IPEndPoint"/> (ephemeral port included) in the listen options.
/// </summary>
public sealed class DirectSocketEndPoint(IPEndPoint address) : EndPoint
{
    public IPEndPoint Address { get; } = address;

    public override AddressFamily AddressFamily => Address.AddressFamily;

    public override string ToString() => Address.ToString();
}

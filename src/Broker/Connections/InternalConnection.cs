using System.IO.Pipelines;
using WebBroker.Broker.Clients;
using WebBroker.Broker.Server;

namespace WebBroker.Broker.Connections;

/// <summary>
/// One of the server's in-process clients (SYSTEM now; JETSTREAM and ACCOUNT to come): no socket, no
/// pipe, no parser. It publishes straight into the router, and its subscriptions carry callbacks that
/// run on the internal receive queue, so nothing is ever written to it; the rare protocol line queued
/// for it (a no-responders status to one of its own reply subscriptions) is dropped at the flush.
/// </summary>
public sealed class InternalConnection : Connection
{
    internal InternalConnection(NatsServer server, ulong id, ConnectionKind kind, Accounts.Account account)
        : base(server, id, remote: null)
    {
        if (!kind.IsInternal()) throw new ArgumentOutOfRangeException(nameof(kind), kind, "not an internal connection kind");
        Kind = kind;
        _account = account;
    }

    private protected override void OnClosed(ClosedReason reason) => _ = DrainOutboundAsync();

    private protected override ValueTask<FlushResult> Transmit(List<(byte[] Buffer, int Length)> chunks) => default;

    private protected override void Abort() { }
}

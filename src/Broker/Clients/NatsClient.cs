using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using WebBroker.Broker.Connections;
using WebBroker.Broker.Protocol;
using WebBroker.Broker.Server;

namespace WebBroker.Broker.Clients;

/// <summary>
/// A NATS client connection (kind CLIENT) over any duplex pipe (TCP through Kestrel, TLS, WebSocket).
/// The life cycle, outbound path and timers are <see cref="Connection"/>'s, the read loop and transport
/// <see cref="PipeConnection"/>'s; this class adds the client protocol: the parser, the operations
/// (other partial files), authentication and INFO.
/// </summary>
public sealed partial class NatsClient : PipeConnection
{
    internal NatsClient(NatsServer server, IDuplexPipe transport, ulong id, IPEndPoint? remote, Action abort)
        : base(server, transport, id, remote, abort)
    {
        Kind = ConnectionKind.Client;
        _verbs = VerbTable.For(ConnectionKind.Client);
        Nonce = server.Authenticator.NonceRequired ? NewNonce() : null;
    }

    /// <summary>The challenge of this connection's INFO, which an NKey user signs (nats-server's 11 random bytes, base64url).</summary>
    internal string? Nonce { get; }

    private static string NewNonce()
    {
        Span<byte> raw = stackalloc byte[11];
        System.Security.Cryptography.RandomNumberGenerator.Fill(raw);
        return Convert.ToBase64String(raw).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>Runs the connection until it ends: INFO, then the read loop. A connection refused at the
    /// door still gets INFO, then the -ERR given as <paramref name="refusal"/>, then the close.</summary>
    internal async Task RunAsync((ClosedReason Reason, string Error)? refusal = null)
    {
        SendInfo();
        if (refusal is { } r)
        {
            Close(r.Reason, r.Error);
            await FinishAsync().ConfigureAwait(false);
            return;
        }
        FlushOutbound();
        StartTimers();
        try
        {
            if (Upgrade is { } upgrade && !await UpgradeTransportAsync(upgrade).ConfigureAwait(false)) return;
            await ReadLoopAsync().ConfigureAwait(false);
            await AnswerDelayedRefusalAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (IsTransportEnd(ex))
        {
            Close(ClosedReason.ReadError);
        }
        finally
        {
            Close(ClosedReason.ClientClosed);
            await FinishAsync().ConfigureAwait(false);
        }
    }

    /// <summary>WebSocket with jwt_cookie: the user JWT the upgrade request carried, used when CONNECT has none.</summary>
    internal string? CookieJwt { get; init; }

    /// <summary>An in-process connection the host opened itself (the dashboard's): already bound to its
    /// account, so it needs no credentials.</summary>
    internal bool Trusted { get; init; }

    /// <summary>Tells the client the server is in lame duck mode (INFO with ldm: true); like every
    /// asynchronous INFO, only to clients that announced protocol 1.</summary>
    internal void SendLameDuckInfo()
    {
        if (Options.Protocol < 1) return;
        SendInfo();
        FlushOutbound();
    }

    internal void SendInfo()
    {
        var info = _server.CreateInfo(this);
        var json = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(info, BrokerJsonContext.Default.ServerInfo);
        lock (_outLock)
        {
            if (_outputFinished) return;
            ProtocolWriter.WriteInfo(Reserve(ProtocolWriter.InfoLength(json.Length)), json);
        }
    }
}

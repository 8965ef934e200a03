using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using System.Net;
using Microsoft.Extensions.Logging;
using WebBroker.Broker.Logging;
using WebBroker.Broker.Protocol;
using WebBroker.Broker.Server;

namespace WebBroker.Broker.Clients;

/// <summary>
/// One client connection over any duplex pipe (TCP through Kestrel, later WebSocket). This part
/// holds its identity and life cycle; the parser, the operations, the outbound path and the timers
/// are in the other partial files.
/// </summary>
public sealed partial class NatsClient
{
    private readonly NatsServer _server;
    private PipeReader _input;
    private PipeWriter _output;
    private readonly Action _abort;
    private readonly ILogger _log;
    private readonly Dictionary<string, Subscription> _subs = new(StringComparer.Ordinal);
    private readonly Lock _subsLock = new();
    private readonly CancellationTokenSource _closedCts = new();
    private int _closing;
    private ClosedReason _closedReason;

    internal NatsClient(NatsServer server, IDuplexPipe transport, ulong id, IPEndPoint? remote, Action abort)
    {
        _server = server;
        _input = transport.Input;
        _output = transport.Output;
        ClientCertificate = (transport as Hosting.TlsDuplexPipe)?.ClientCertificate; // handshake_first: TLS came before us
        _abort = abort;
        _log = server.Logger;
        Id = id;
        Remote = remote;
        Started = DateTime.UtcNow;
        _lastInTicks = Environment.TickCount64;
        _account = server.GlobalAccount;
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

    public ulong Id { get; }
    private Accounts.Account _account;
    /// <summary>The account the client is bound to ($G until CONNECT says otherwise).</summary>
    public Accounts.Account Account => _account;
    public IPEndPoint? Remote { get; }
    public DateTime Started { get; }
    public ConnectOptions Options { get; private set; } = new();
    public bool IsClosed => Volatile.Read(ref _closing) != 0;
    public ClosedReason ClosedReason => _closedReason;
    public int SubscriptionCount { get { lock (_subsLock) return _subs.Count; } }
    /// <summary>A snapshot of the client's subscriptions (for monitoring).</summary>
    public Subscription[] Subscriptions { get { lock (_subsLock) return [.. _subs.Values]; } }
    /// <summary>When the connection ended (for monitoring of closed connections).</summary>
    public DateTime? Stopped { get; private set; }

    // Counters, nats-server's in_msgs/in_bytes (read side) and out_msgs/out_bytes (under the outbound lock).
    public long InMsgs { get; private set; }
    public long InBytes { get; private set; }
    public long OutMsgs => Volatile.Read(ref _outMsgs);
    public long OutBytes => Volatile.Read(ref _outBytes);

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
        catch (Exception ex) when (ex is IOException or ConnectionAbortedException or OperationCanceledException or InvalidOperationException)
        {
            Close(ClosedReason.ReadError);
        }
        finally
        {
            Close(ClosedReason.ClientClosed);
            await FinishAsync().ConfigureAwait(false);
        }
    }

    private async Task ReadLoopAsync()
    {
        while (!IsClosed)
        {
            var result = await _input.ReadAsync().ConfigureAwait(false);
            if (result.IsCanceled) break;
            var buffer = result.Buffer;
            var status = ParseStatus.NeedMore;
            try
            {
                if (!buffer.IsEmpty)
                {
                    _lastInTicks = Environment.TickCount64;
                    BeginBatch();
                    status = Parse(ref buffer);
                }
            }
            finally
            {
                // Consumed up to the first incomplete operation. When the batch budget stopped us, the
                // rest is unexamined so that the next read returns it at once.
                _input.AdvanceTo(buffer.Start, status == ParseStatus.Budget ? buffer.Start : result.Buffer.End);
            }
            if (FlushTouched()) await StallAsync().ConfigureAwait(false);
            if (status == ParseStatus.Close || (result.IsCompleted && status != ParseStatus.Budget)) break;
        }
    }

    /// <summary>
    /// Ends the connection once: sends the -ERR text if any, leaves every subscription and the
    /// server's table, and wakes the read loop. The outbound data still queued is flushed by
    /// <see cref="FinishAsync"/>.
    /// </summary>
    internal void Close(ClosedReason reason, string? error = null)
    {
        if (error is not null && !IsClosed)
        {
            EnqueueError(error);
            if (Tracing) TraceOut($"-ERR '{error}'");
        }
        if (Interlocked.Exchange(ref _closing, 1) != 0) return;
        _closedReason = reason;
        Stopped = DateTime.UtcNow;
        StopTimers();
        // Leave the server's table first, so that the closed-connection record still lists the subscriptions.
        _server.Unregister(this);
        List<Subscription> subs;
        lock (_subsLock)
        {
            subs = [.. _subs.Values];
            _subs.Clear();
        }
        foreach (var sub in subs)
        {
            sub.Closed = true;
            sub.Account.Sublist.Remove(sub);
            Accounts.StreamShadows.Remove(sub);
        }
        if (reason != ClosedReason.ClientClosed)
            BrokerLog.ConnectionClosed(_log, Id, Remote?.ToString() ?? "-", reason.ToText());
        _input.CancelPendingRead();
        if (reason is ClosedReason.SlowConsumerPendingBytes or ClosedReason.SlowConsumerWriteDeadline)
            _abort();
        else
            FlushOutbound();
        _closedCts.Cancel();
    }

    /// <summary>How the client came: TCP or WebSocket.</summary>
    public TransportType Transport { get; init; }

    /// <summary>What the connection is: a client, or one of the server's internal clients.</summary>
    public ConnectionKind Kind { get; init; }

    /// <summary>WebSocket with jwt_cookie: the user JWT the upgrade request carried, used when CONNECT has none.</summary>
    internal string? CookieJwt { get; init; }

    /// <summary>The certificate the client presented in the TLS handshake, if any.</summary>
    internal System.Security.Cryptography.X509Certificates.X509Certificate2? ClientCertificate { get; private set; }

    /// <summary>Replaces the transport after INFO (TLS). Set by the host before the connection runs.</summary>
    internal Func<IDuplexPipe, Task<IDuplexPipe>>? Upgrade { get; init; }

    /// <summary>Waits for INFO to be on the wire, then switches to the upgraded transport. A failed
    /// handshake (a plaintext client on a TLS port, a bad certificate) ends the connection.</summary>
    private async Task<bool> UpgradeTransportAsync(Func<IDuplexPipe, Task<IDuplexPipe>> upgrade)
    {
        var deadline = Environment.TickCount64 + 2000;
        while (Volatile.Read(ref _flushing) != 0 || PendingBytes > 0)
        {
            if (Environment.TickCount64 > deadline) break;
            await Task.Delay(1).ConfigureAwait(false);
        }
        try
        {
            var upgraded = await upgrade(new Hosting.DuplexPipe(_input, _output)).ConfigureAwait(false);
            _input = upgraded.Input;
            _output = upgraded.Output;
            if (upgraded is Hosting.TlsDuplexPipe tls) ClientCertificate = tls.ClientCertificate;
            return true;
        }
        catch (Exception ex)
        {
            Logging.BrokerLog.ClientError(_log, Id, Remote?.ToString() ?? "-", $"TLS handshake error: {ex.Message}");
            Close(ClosedReason.TlsHandshakeError);
            return false;
        }
    }

    /// <summary>An in-process connection the host opened itself (the dashboard's): already bound to its
    /// account, so it needs no credentials.</summary>
    internal bool Trusted { get; init; }

    /// <summary>Binds the client to an account (the server's internal clients; others bind through CONNECT).</summary>
    internal void BindAccount(Accounts.Account account) => _account = account;

    /// <summary>Whether the client completed CONNECT (events describe only such clients).</summary>
    public bool Connected => _connectReceived;

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
            var span = Reserve(ProtocolLiterals.InfoPrefix.Length + json.Length + ProtocolLiterals.InfoSuffix.Length);
            ProtocolLiterals.InfoPrefix.CopyTo(span);
            json.CopyTo(span[ProtocolLiterals.InfoPrefix.Length..]);
            ProtocolLiterals.InfoSuffix.CopyTo(span[(ProtocolLiterals.InfoPrefix.Length + json.Length)..]);
        }
    }

    public override string ToString() => $"cid:{Id}";
}

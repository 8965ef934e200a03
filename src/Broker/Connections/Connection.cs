using System.Net;
using Microsoft.Extensions.Logging;
using WebBroker.Broker.Clients;
using WebBroker.Broker.Logging;
using WebBroker.Broker.Protocol;
using WebBroker.Broker.Server;

namespace WebBroker.Broker.Connections;

/// <summary>
/// What every connection has, whatever its kind (client, route, gateway, leaf node, or one of the
/// server's internal clients): identity, account, subscriptions, counters, the life cycle ending in
/// <see cref="Close"/>, the outbound buffer with max_pending and slow-consumer handling, and the timers.
/// Everything the router calls per message is a non-virtual member here, so delivering to any kind
/// costs no virtual dispatch. The transport is a subclass's (<see cref="PipeConnection"/> for sockets,
/// <see cref="InternalConnection"/> for none).
/// </summary>
public abstract partial class Connection
{
    private protected readonly NatsServer _server;
    private protected readonly ILogger _log;
    private protected readonly Dictionary<string, Subscription> _subs = new(StringComparer.Ordinal);
    private protected readonly Lock _subsLock = new();
    private protected readonly CancellationTokenSource _closedCts = new();
    private int _closing;
    private ClosedReason _closedReason;
    private protected Accounts.Account _account;

    // What the router reads per message; set when the connection announces itself (CONNECT).
    private protected Security.ClientPermissions? _permissions;
    private protected bool _echo = true;
    private protected bool _headers;
    private protected bool _noResponders;
    private protected bool _connectReceived;

    private protected Connection(NatsServer server, ulong id, IPEndPoint? remote)
    {
        _server = server;
        _log = server.Logger;
        Id = id;
        Remote = remote;
        Started = DateTime.UtcNow;
        _lastInTicks = Environment.TickCount64;
        _account = server.GlobalAccount;
    }

    public ulong Id { get; }
    /// <summary>The account the connection is bound to ($G until CONNECT says otherwise).</summary>
    public Accounts.Account Account => _account;
    public IPEndPoint? Remote { get; }
    public DateTime Started { get; }
    public ConnectOptions Options { get; private protected set; } = new();
    public bool IsClosed => Volatile.Read(ref _closing) != 0;
    public ClosedReason ClosedReason => _closedReason;
    public int SubscriptionCount { get { lock (_subsLock) return _subs.Count; } }
    /// <summary>A snapshot of the connection's subscriptions (for monitoring).</summary>
    public Subscription[] Subscriptions { get { lock (_subsLock) return [.. _subs.Values]; } }
    /// <summary>When the connection ended (for monitoring of closed connections).</summary>
    public DateTime? Stopped { get; private set; }

    // Counters, nats-server's in_msgs/in_bytes (read side) and out_msgs/out_bytes (under the outbound lock).
    public long InMsgs { get; private protected set; }
    public long InBytes { get; private protected set; }
    public long OutMsgs => Volatile.Read(ref _outMsgs);
    public long OutBytes => Volatile.Read(ref _outBytes);

    /// <summary>How the connection's bytes travel: TCP or WebSocket (internal connections: none, reported as TCP).</summary>
    public TransportType Transport { get; init; }

    /// <summary>What the connection is: a client, another server, or one of the server's internal clients.</summary>
    public ConnectionKind Kind { get; init; }

    /// <summary>Whether the connection completed CONNECT (events describe only such connections).</summary>
    public bool Connected => _connectReceived;

    /// <summary>The user JWT's claims, for connections of operator mode.</summary>
    internal Security.Jwt.UserClaims? JwtUser { get; private protected set; }

    /// <summary>Whether the connection is counted in its account's connections (and must be uncounted on close).</summary>
    internal bool CountedInAccount { get; private protected set; }

    // What the router needs to know of a connection.
    internal NatsServer Server => _server;
    /// <summary>Internal clients never receive their own messages.</summary>
    internal bool Echo => _echo && !Kind.IsInternal();
    internal bool NoResponders => _noResponders;
    internal bool Headers => _headers;
    internal Security.ClientPermissions? Permissions => _permissions;

    /// <summary>Binds the connection to an account (the server's internal clients; others bind through CONNECT).</summary>
    internal void BindAccount(Accounts.Account account) => _account = account;

    /// <summary>
    /// Ends the connection once: sends the -ERR text if any, leaves every subscription and the
    /// server's table, and lets the transport wind down (<see cref="OnClosed"/>).
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
        OnClosed(reason);
        _closedCts.Cancel();
    }

    /// <summary>The transport's part of closing: wake the reader, write what is queued or (a slow consumer) drop it.</summary>
    private protected abstract void OnClosed(ClosedReason reason);

    internal void RemoveSubscription(Subscription sub)
    {
        lock (_subsLock)
        {
            if (!_subs.TryGetValue(sub.SidText, out var current) || current != sub) return;
            _subs.Remove(sub.SidText);
        }
        sub.Closed = true;
        sub.Account.Sublist.Remove(sub);
        Accounts.StreamShadows.Remove(sub);
    }

    public override string ToString() => $"cid:{Id}";
}

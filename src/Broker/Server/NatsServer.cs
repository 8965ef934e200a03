using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using WebBroker.Broker.Accounts;
using WebBroker.Broker.Clients;
using WebBroker.Broker.Logging;
using WebBroker.Broker.Protocol;
using WebBroker.Broker.Security;
using WebBroker.Broker.Subjects;
using WebBroker.Broker.Connections;

namespace WebBroker.Broker.Server;

/// <summary>
/// The engine's root: identity, options, the subject index and the table of connected clients.
/// Transports hand it duplex pipes through <see cref="AcceptAsync"/>.
/// </summary>
public sealed partial class NatsServer
{
    /// <summary>The nats-server version whose behaviour we follow; clients gate features on it.</summary>
    public const string ProtocolVersion = "2.10.0";

    private readonly ConcurrentDictionary<ulong, Connection> _clients = new();
    private long _nextClientId;
    // ConcurrentDictionary.Count takes every internal lock: the count is kept beside it for the accept path.
    private int _clientCount;
    private long _slowConsumers;
    private long _totalConnections;
    private long _closedInMsgs, _closedInBytes, _closedOutMsgs, _closedOutBytes;
    private readonly ConcurrentQueue<Monitoring.ConnInfo> _closed = new();

    /// <summary>How many closed connections /connz remembers (nats-server's max_closed_clients).</summary>
    public const int MaxClosedClients = 10_000;
    private volatile bool _shuttingDown;

    public NatsServer(ServerOptions options, ILogger? logger = null)
    {
        Options = options;
        Logger = logger ?? NullLogger.Instance;
        ServerId = NKeyEncoding.NewServerId();
        ServerName = string.IsNullOrEmpty(options.ServerName) ? ServerId : options.ServerName;
        Authenticator = new Authenticator(this);
        InitOperatorMode(options);
        GlobalAccount = _accounts.GetOrAdd(Account.Global, static n => new Account(n));
        var system = options.SystemAccount ?? Account.DefaultSystem;
        SystemAccount = _accounts.GetOrAdd(system, static n => new Account(n, isSystem: true));
        foreach (var account in options.Accounts)
        {
            var created = GetOrAddAccount(account.Name);
            if (account.Mappings.Count > 0) created.Mapper = new SubjectMapper(account.Mappings);
        }
        if (options.Mappings.Count > 0) GlobalAccount.Mapper = new SubjectMapper(options.Mappings);
        LinkAccounts(options.Accounts);
        InternalQueue = new Routing.InternalReceiveQueue(Logger);
        System = new Events.SystemService(this, (ulong)Interlocked.Increment(ref _nextClientId));
        Started = DateTime.UtcNow;
    }

    public ServerOptions Options { get; }
    /// <summary>Where messages for the server's internal subscribers wait for their callbacks.</summary>
    internal Routing.InternalReceiveQueue InternalQueue { get; }
    /// <summary>The system account's events and requests.</summary>
    public Events.SystemService System { get; }
    public ILogger Logger { get; }
    public string ServerId { get; }
    public string ServerName { get; }
    public DateTime Started { get; }
    private readonly ConcurrentDictionary<string, Account> _accounts = new(StringComparer.Ordinal);

    /// <summary>$G: the account of clients that authenticate without one.</summary>
    public Account GlobalAccount { get; }
    /// <summary>The system account ($SYS unless system_account names another).</summary>
    public Account SystemAccount { get; }
    public IEnumerable<Account> Accounts => _accounts.Values;

    public Account? FindAccount(string name) => _accounts.TryGetValue(name, out var a) ? a : null;

    /// <summary>The account of that name, made when first needed (accounts come from the config and may be reloaded).</summary>
    internal Account GetOrAddAccount(string name) => _accounts.GetOrAdd(name, static n => new Account(n));

    /// <summary>Subscriptions in every account.</summary>
    public int SubscriptionCount => _accounts.Values.Sum(a => a.Sublist.Count);
    /// <summary>The client port actually bound (set by the host once listening).</summary>
    public int BoundPort { get; set; }
    /// <summary>The monitoring port actually bound (0: none), for what $SYS VARZ reports.</summary>
    public int BoundHttpPort { get; set; }
    public int ClientCount => Volatile.Read(ref _clientCount);
    public long SlowConsumers => Interlocked.Read(ref _slowConsumers);
    public IEnumerable<Connection> Clients => _clients.Values;
    public bool AuthRequired => Authenticator.Required(TransportType.Tcp);

    /// <summary>Decides who every connection is, whichever listener it came by.</summary>
    internal Authenticator Authenticator { get; }

    /// <summary>Serves one connection until it ends. <paramref name="abort"/> tears the transport down at once.</summary>
    /// <param name="upgrade">Called after INFO has been sent (nats-server's TLS order: INFO in clear, then the
    /// handshake); it returns the transport to speak on from then on, e.g. a TLS stream's pipes.</param>
    /// <param name="transportType">How the client came (TCP or WebSocket).</param>
    /// <param name="cookieJwt">WebSocket: the user JWT from the upgrade request's jwt_cookie, if any.</param>
    public async Task AcceptAsync(IDuplexPipe transport, EndPoint? remote, Action abort,
        Func<IDuplexPipe, Task<IDuplexPipe>>? upgrade = null, TransportType transportType = TransportType.Tcp, string? cookieJwt = null)
    {
        var id = (ulong)Interlocked.Increment(ref _nextClientId);
        var client = new NatsClient(this, transport, id, remote as IPEndPoint, abort) { Upgrade = upgrade, Transport = transportType, CookieJwt = cookieJwt };
        if (_shuttingDown || _lameDuck)
        {
            abort();
            return;
        }
        if (!TryRegister(client))
        {
            BrokerLog.MaxConnections(Logger, remote?.ToString() ?? "-");
            await client.RunAsync((ClosedReason.MaxConnectionsExceeded, ProtocolErrors.MaxConnections)).ConfigureAwait(false);
            return;
        }
        BrokerLog.ConnectionCreated(Logger, id, remote?.ToString() ?? "-");
        await client.RunAsync().ConfigureAwait(false);
    }

    private bool TryRegister(Connection client)
    {
        if (Interlocked.Increment(ref _clientCount) > Options.MaxConnections)
        {
            Interlocked.Decrement(ref _clientCount);
            return false;
        }
        _clients[client.Id] = client;
        Interlocked.Increment(ref _totalConnections);
        return true;
    }

    internal void Unregister(Connection client)
    {
        if (!_clients.TryRemove(client.Id, out _)) return;
        Interlocked.Decrement(ref _clientCount);
        // Keep its traffic in the server's totals, and the connection itself in the closed ring.
        Interlocked.Add(ref _closedInMsgs, client.InMsgs);
        Interlocked.Add(ref _closedInBytes, client.InBytes);
        Interlocked.Add(ref _closedOutMsgs, client.OutMsgs);
        Interlocked.Add(ref _closedOutBytes, client.OutBytes);
        _closed.Enqueue(Monitoring.ServerMonitor.Describe(client, DateTime.UtcNow));
        if (client.Connected) System.ClientDisconnected(client);
        if (client.CountedInAccount) Interlocked.Decrement(ref client.Account.Connections);
        while (_closed.Count > MaxClosedClients) _closed.TryDequeue(out _);
    }

    public long TotalConnections => Interlocked.Read(ref _totalConnections);

    /// <summary>Recently closed connections as /connz shows them, oldest first.</summary>
    public IEnumerable<Monitoring.ConnInfo> ClosedConnections => _closed;

    /// <summary>Messages and bytes in and out since start, counting connections that have closed.</summary>
    public (long InMsgs, long InBytes, long OutMsgs, long OutBytes) Totals()
    {
        long inMsgs = Interlocked.Read(ref _closedInMsgs), inBytes = Interlocked.Read(ref _closedInBytes);
        long outMsgs = Interlocked.Read(ref _closedOutMsgs), outBytes = Interlocked.Read(ref _closedOutBytes);
        foreach (var c in _clients.Values)
        {
            inMsgs += c.InMsgs; inBytes += c.InBytes; outMsgs += c.OutMsgs; outBytes += c.OutBytes;
        }
        return (inMsgs, inBytes, outMsgs, outBytes);
    }

    internal void CountSlowConsumer() => Interlocked.Increment(ref _slowConsumers);

    internal ServerInfo CreateInfo(NatsClient client) => new()
    {
        ServerId = ServerId,
        ServerName = ServerName,
        Version = ProtocolVersion,
        Proto = 1,
        Host = Options.Host,
        Port = BoundPort != 0 ? BoundPort : Options.Port,
        Headers = !Options.NoHeaderSupport,
        AuthRequired = Authenticator.Required(client.Transport),
        TlsRequired = Options.Tls is not null,
        TlsVerify = Options.Tls is { Verify: true },
        MaxPayload = (int)client.MaxPayload,
        ClientId = client.Id,
        ClientIp = client.Remote?.Address.ToString(),
        Nonce = client.Connected ? null : client.Nonce,
        LameDuckMode = _lameDuck,
    };

    /// <summary>
    /// A connection from inside the process, bound to <paramref name="account"/> without credentials (the
    /// dashboard's view of the system account). Returns the client's side of the pipes; speak NATS on it.
    /// </summary>
    public IDuplexPipe ConnectInternal(Account account, string name)
    {
        var toServer = new Pipe();
        var toClient = new Pipe();
        var id = (ulong)Interlocked.Increment(ref _nextClientId);
        var client = new NatsClient(this, new Hosting.DuplexPipe(toServer.Reader, toClient.Writer), id, null,
            () => { toClient.Writer.Complete(); toServer.Reader.CancelPendingRead(); }) { Trusted = true };
        client.BindAccount(account);
        // Like nats-server's own internal clients, it is not counted or listed among client connections.
        Logger.LogDebug("Internal connection {Name} bound to account {Account}", name, account.Name);
        _ = Task.Run(() => client.RunAsync());
        return new Hosting.DuplexPipe(toClient.Reader, toServer.Writer);
    }

    internal void ReportConnect(Connection client) => System.ClientConnected(client);

    private AuthFailureReport? _authFailures;
    private readonly Security.AuthFailureDelay _authDelay = new();

    /// <summary>Logs and counts an authentication failure (the log names the user, never a secret; the $SYS
    /// event is sent for each); returns how long the client waits for its -ERR (auth_failure_delay).</summary>
    internal TimeSpan ReportAuthFailure(Connection client, ConnectOptions connect)
    {
        var report = LazyInitializer.EnsureInitialized(ref _authFailures, () => new AuthFailureReport(Logger, () => System));
        var address = client.Remote?.Address;
        var delay = address is null ? TimeSpan.Zero : _authDelay.Failed(address, Options.AuthFailureDelay, Environment.TickCount64);
        if (report.Failed(connect.User, address?.ToString() ?? "-"))
            Logger.LogWarning("{Remote} - cid:{Cid} - authentication error{User}{Delay}", client.Remote?.ToString() ?? "-", client.Id,
                string.IsNullOrEmpty(connect.User) ? "" : $" for user \"{AuthFailureReport.Printable(connect.User)}\"",
                delay > TimeSpan.Zero ? $" (answered after {delay.TotalMilliseconds:0} ms)" : "");
        System.AuthenticationFailed(client, connect.User);
        return delay;
    }

    /// <summary>Graceful shutdown: refuse new clients, flush and close every open one.</summary>
    public async Task ShutdownAsync()
    {
        if (!_shuttingDown) System.ServerShutdown();
        _shuttingDown = true;
        System.Dispose();
        InternalQueue.Complete();
        _authFailures?.Dispose();
        var clients = _clients.Values.ToArray();
        foreach (var client in clients) client.Close(ClosedReason.ServerShutdown);
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (ClientCount > 0 && DateTime.UtcNow < deadline) await Task.Delay(10).ConfigureAwait(false);
        _resolver?.Dispose();
    }
}

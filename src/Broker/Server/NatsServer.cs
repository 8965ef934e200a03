using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using WebBroker.Broker.Clients;
using WebBroker.Broker.Logging;
using WebBroker.Broker.Protocol;
using WebBroker.Broker.Security;
using WebBroker.Broker.Subjects;

namespace WebBroker.Broker.Server;

/// <summary>
/// The engine's root: identity, options, the subject index and the table of connected clients.
/// Transports hand it duplex pipes through <see cref="AcceptAsync"/>.
/// </summary>
public sealed partial class NatsServer
{
    /// <summary>The nats-server version whose behaviour we follow; clients gate features on it.</summary>
    public const string ProtocolVersion = "2.10.0";

    private readonly ConcurrentDictionary<ulong, NatsClient> _clients = new();
    private long _nextClientId;
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
        Started = DateTime.UtcNow;
    }

    public ServerOptions Options { get; }
    public ILogger Logger { get; }
    public string ServerId { get; }
    public string ServerName { get; }
    public DateTime Started { get; }
    public Sublist<Subscription> Sublist { get; } = new();
    /// <summary>The client port actually bound (set by the host once listening).</summary>
    public int BoundPort { get; set; }
    public int ClientCount => _clients.Count;
    public long SlowConsumers => Interlocked.Read(ref _slowConsumers);
    public IEnumerable<NatsClient> Clients => _clients.Values;
    public bool AuthRequired => Options.Username is not null || Options.Token is not null;

    /// <summary>Serves one connection until it ends. <paramref name="abort"/> tears the transport down at once.</summary>
    public async Task AcceptAsync(IDuplexPipe transport, EndPoint? remote, Action abort)
    {
        var id = (ulong)Interlocked.Increment(ref _nextClientId);
        var client = new NatsClient(this, transport, id, remote as IPEndPoint, abort);
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

    private bool TryRegister(NatsClient client)
    {
        if (_clients.Count >= Options.MaxConnections) return false;
        _clients[client.Id] = client;
        Interlocked.Increment(ref _totalConnections);
        return true;
    }

    internal void Unregister(NatsClient client)
    {
        if (!_clients.TryRemove(client.Id, out _)) return;
        // Keep its traffic in the server's totals, and the connection itself in the closed ring.
        Interlocked.Add(ref _closedInMsgs, client.InMsgs);
        Interlocked.Add(ref _closedInBytes, client.InBytes);
        Interlocked.Add(ref _closedOutMsgs, client.OutMsgs);
        Interlocked.Add(ref _closedOutBytes, client.OutBytes);
        _closed.Enqueue(Monitoring.ServerMonitor.Describe(client, DateTime.UtcNow));
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
        AuthRequired = AuthRequired,
        MaxPayload = Options.MaxPayload,
        ClientId = client.Id,
        ClientIp = client.Remote?.Address.ToString(),
        LameDuckMode = _lameDuck,
    };

    /// <summary>Checks CONNECT credentials against the single user or token of the options.</summary>
    internal bool Authenticate(ConnectOptions connect)
    {
        if (Options.Token is not null)
            return FixedTimeEquals(connect.AuthToken, Options.Token);
        return FixedTimeEquals(connect.User, Options.Username) && FixedTimeEquals(connect.Pass, Options.Password);
    }

    private static bool FixedTimeEquals(string? given, string? expected)
    {
        if (given is null || expected is null) return given is null && expected is null;
        return System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(given), System.Text.Encoding.UTF8.GetBytes(expected));
    }

    /// <summary>Graceful shutdown: refuse new clients, flush and close every open one.</summary>
    public async Task ShutdownAsync()
    {
        _shuttingDown = true;
        var clients = _clients.Values.ToArray();
        foreach (var client in clients) client.Close(ClosedReason.ServerShutdown);
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (_clients.Count > 0 && DateTime.UtcNow < deadline) await Task.Delay(10).ConfigureAwait(false);
    }
}

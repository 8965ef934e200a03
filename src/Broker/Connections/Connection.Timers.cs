using WebBroker.Broker.Clients;
using WebBroker.Broker.Protocol;

namespace WebBroker.Broker.Connections;

/// <summary>The server-side PING (stale connection detection) and the authentication timeout.</summary>
public abstract partial class Connection
{
    private static readonly TimeSpan FirstPing = TimeSpan.FromSeconds(2);
    private Timer? _pingTimer;
    private Timer? _authTimer;
    private protected long _lastInTicks;
    private protected Timer? _expiryTimer;
    private int _pingsOut;
    private bool _rttMeasured;
    private long _pingSentTimestamp;
    private long _rttTicks;

    /// <summary>The last round trip measured with a server PING (zero until one is).</summary>
    public TimeSpan Rtt => TimeSpan.FromTicks(Volatile.Read(ref _rttTicks));

    /// <summary>When the client last sent anything.</summary>
    public DateTime LastActivity => DateTime.UtcNow - TimeSpan.FromMilliseconds(Environment.TickCount64 - Volatile.Read(ref _lastInTicks));

    private protected void StartTimers()
    {
        var interval = _server.Options.PingInterval;
        // Like nats-server, the first PING comes early (it measures the round trip), then every interval.
        if (interval > TimeSpan.Zero)
            _pingTimer = new Timer(static s => ((Connection)s!).OnPingTimer(), this, interval < FirstPing ? interval : FirstPing, interval);
        if (_server.Authenticator.Required(Transport))
            _authTimer = new Timer(static s => ((Connection)s!).OnAuthTimer(), this, _server.Authenticator.Timeout(Transport), Timeout.InfiniteTimeSpan);
    }

    private protected void StopTimers()
    {
        _pingTimer?.Dispose();
        _expiryTimer?.Dispose();
        CancelAuthTimer();
    }

    private protected void CancelAuthTimer() => _authTimer?.Dispose();

    private void OnAuthTimer()
    {
        if (!_connectReceived) Close(ClosedReason.AuthenticationTimeout, ProtocolErrors.AuthenticationTimeout);
    }

    private void OnPingTimer()
    {
        if (IsClosed) return;
        // Like nats-server, skip the PING while the client is visibly alive, once a round trip is known.
        var sinceIn = TimeSpan.FromMilliseconds(Environment.TickCount64 - Volatile.Read(ref _lastInTicks));
        if (_rttMeasured && sinceIn < _server.Options.PingInterval) return;
        if (Interlocked.Increment(ref _pingsOut) > _server.Options.MaxPingsOut)
        {
            Close(ClosedReason.StaleConnection, ProtocolErrors.StaleConnection);
            return;
        }
        Volatile.Write(ref _pingSentTimestamp, System.Diagnostics.Stopwatch.GetTimestamp());
        EnqueueControl(ProtocolLiterals.Ping);
        FlushOutbound();
    }

    private protected void ProcessPong()
    {
        Interlocked.Exchange(ref _pingsOut, 0);
        var sent = Interlocked.Exchange(ref _pingSentTimestamp, 0);
        if (sent != 0) Volatile.Write(ref _rttTicks, System.Diagnostics.Stopwatch.GetElapsedTime(sent).Ticks);
        _rttMeasured = true;
    }
}

using System.Net;
using WebBroker.Broker.Server;

namespace WebBroker.Broker.Security;

/// <summary>
/// Recent authentication failures per client address, and how long the next -ERR of each waits (see
/// <see cref="AuthFailureDelayOptions"/>). Only failures reach it, never the publish path; memory is bounded
/// by <see cref="AuthFailureDelayOptions.MaxAddresses"/>.
/// </summary>
internal sealed class AuthFailureDelay
{
    private readonly Lock _lock = new();
    private readonly Dictionary<IPAddress, (int Count, long LastTicks)> _recent = [];

    /// <summary>How many addresses are remembered (for tests and diagnostics).</summary>
    public int Count
    {
        get { lock (_lock) return _recent.Count; }
    }

    /// <summary>Counts a failure from <paramref name="address"/> at <paramref name="nowTicks"/> (TickCount64
    /// milliseconds) and returns how long its answer waits.</summary>
    public TimeSpan Failed(IPAddress address, AuthFailureDelayOptions options, long nowTicks)
    {
        if (!options.Enabled) return TimeSpan.Zero;
        var window = (long)options.Window.TotalMilliseconds;
        int count;
        lock (_lock)
        {
            count = _recent.TryGetValue(address, out var entry) && nowTicks - entry.LastTicks <= window ? entry.Count + 1 : 1;
            if (count == 1 && !_recent.ContainsKey(address) && _recent.Count >= Math.Max(1, options.MaxAddresses))
                Evict(options.MaxAddresses, window, nowTicks);
            _recent[address] = (count, nowTicks);
        }
        if (count < 2) return TimeSpan.Zero;
        var factor = Math.Pow(2, Math.Min(count - 2, 30));
        var delay = options.Initial * factor;
        return delay > options.Max ? options.Max : delay;
    }

    /// <summary>Forgets expired addresses, then the oldest, down to three quarters of the limit, so that the
    /// cost is paid once per many new addresses.</summary>
    private void Evict(int limit, long window, long nowTicks)
    {
        foreach (var (address, entry) in _recent.ToArray())
            if (nowTicks - entry.LastTicks > window) _recent.Remove(address);
        var keep = Math.Max(0, limit * 3 / 4);
        if (_recent.Count <= keep) return;
        foreach (var (address, _) in _recent.OrderBy(e => e.Value.LastTicks).Take(_recent.Count - keep).ToArray())
            _recent.Remove(address);
    }
}

using System.Collections.Concurrent;
using System.Net;

namespace WebBroker.Dashboard.Access;

/// <summary>The <c>dashboard { login_* }</c> settings.</summary>
public sealed class SignInThrottleOptions
{
    /// <summary>Failures (of one user name, or from one IP address) within <see cref="Window"/> that lock it out.</summary>
    public int MaxFailures { get; set; } = 5;
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);
    /// <summary>How long a lock-out lasts.</summary>
    public TimeSpan Lockout { get; set; } = TimeSpan.FromMinutes(15);
    /// <summary>After the n-th failure (n ≥ 2: one typo is free), the next attempt waits Backoff × 2^(n-2), at most
    /// <see cref="MaxBackoff"/>; zero turns backoff off.</summary>
    public TimeSpan Backoff { get; set; } = TimeSpan.FromSeconds(1);
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// Brute-force brake for the dashboard sign-in, per user name and per client IP: each failure makes the next
/// attempt wait longer (backoff), and <see cref="SignInThrottleOptions.MaxFailures"/> failures within the window
/// lock the name or address out. An attempt that is held back is refused before its password is checked, so guessing
/// is bounded whatever the request rate. A success clears its user's record, not its address's: one valid account
/// must not reset the count of an address that guesses at others.
/// </summary>
public sealed class SignInThrottle(DashboardAccessOptions options, TimeProvider time)
{
    /// <summary>Bounds what an attacker inventing user names can make us remember.</summary>
    private const int MaxTracked = 10_000;

    private sealed class Record
    {
        public readonly Queue<DateTimeOffset> Failures = new();
        public DateTimeOffset NotBefore;
    }

    private readonly ConcurrentDictionary<string, Record> _records = new(StringComparer.Ordinal);

    /// <summary>When neither the user name nor the address may try yet: the time they may; otherwise null.</summary>
    public DateTimeOffset? HeldUntil(string? user, IPAddress? remote)
    {
        var now = time.GetUtcNow();
        var until = Max(Until(UserKey(user), now), Until(IpKey(remote), now));
        return until > now ? until : null;
    }

    /// <summary>Counts a failed attempt; returns true when it locked the user or the address out.</summary>
    public bool Failed(string? user, IPAddress? remote)
    {
        var now = time.GetUtcNow();
        if (_records.Count >= MaxTracked) Prune(now);
        return Count(UserKey(user), now) | Count(IpKey(remote), now);
    }

    public void Succeeded(string user) => _records.TryRemove(UserKey(user), out _);

    private bool Count(string key, DateTimeOffset now)
    {
        var settings = options.Throttle;
        if (_records.Count >= MaxTracked && !_records.ContainsKey(key)) return false; // the address key still counts
        var record = _records.GetOrAdd(key, _ => new Record());
        lock (record)
        {
            while (record.Failures.Count > 0 && record.Failures.Peek() <= now - settings.Window) record.Failures.Dequeue();
            record.Failures.Enqueue(now);
            var n = record.Failures.Count;
            if (settings.MaxFailures > 0 && n >= settings.MaxFailures)
            {
                record.NotBefore = now + settings.Lockout;
                record.Failures.Clear();
                return true;
            }
            if (settings.Backoff > TimeSpan.Zero && n >= 2)
            {
                var wait = settings.Backoff * Math.Pow(2, Math.Min(n - 2, 30));
                record.NotBefore = now + (wait < settings.MaxBackoff ? wait : settings.MaxBackoff);
            }
            return false;
        }
    }

    private DateTimeOffset Until(string key, DateTimeOffset now)
    {
        if (!_records.TryGetValue(key, out var record)) return now;
        lock (record) return record.NotBefore;
    }

    private void Prune(DateTimeOffset now)
    {
        var window = options.Throttle.Window;
        foreach (var (key, record) in _records)
        {
            lock (record)
            {
                if (record.NotBefore <= now && (record.Failures.Count == 0 || record.Failures.Last() <= now - window))
                    _records.TryRemove(key, out _);
            }
        }
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
    private static string UserKey(string? user) => "u:" + (user ?? "");
    private static string IpKey(IPAddress? remote) =>
        "ip:" + ((remote is { IsIPv4MappedToIPv6: true } ? remote.MapToIPv4() : remote)?.ToString() ?? "");
}

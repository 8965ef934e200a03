using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using WebBroker.Broker.Events;

namespace WebBroker.Broker.Server;

/// <summary>
/// Reports authentication failures without letting a flood fill the log: the first few each second are
/// logged one by one; the rest are counted, and while failures go on a timer writes, every
/// <see cref="Interval"/>, one summary with the counts per user and per address, also published as a $SYS
/// event (<see cref="SystemService.AuthSummarySubject"/>). Memory is bounded: at most
/// <see cref="MaxTracked"/> users and addresses are counted by name per interval, the rest together.
/// </summary>
internal sealed class AuthFailureReport : IDisposable
{
    public const int LogsPerSecond = 10;
    public const int MaxTracked = 1000;
    private const int Listed = 10;
    private const int MaxNameLength = 64;

    private readonly ILogger _log;
    private readonly Func<SystemService> _system;
    private readonly Timer _timer;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, int> _users = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _addresses = new(StringComparer.Ordinal);
    private int _failures, _notLogged, _otherUsers, _otherAddresses, _loggedThisSecond;
    private long _second;
    private DateTime _start;
    private bool _ticking;

    public AuthFailureReport(ILogger log, Func<SystemService> system, TimeSpan? interval = null)
    {
        _log = log;
        _system = system;
        Interval = interval ?? TimeSpan.FromSeconds(5);
        _timer = new Timer(static s => ((AuthFailureReport)s!).Summarize(), this, Timeout.Infinite, Timeout.Infinite);
    }

    public TimeSpan Interval { get; }

    /// <summary>Counts one failure; returns whether it may be logged on its own line.</summary>
    public bool Failed(string? user, string address)
    {
        lock (_lock)
        {
            if (_failures == 0) _start = DateTime.UtcNow;
            _failures++;
            Count(_users, Printable(user ?? ""), ref _otherUsers);
            Count(_addresses, address, ref _otherAddresses);
            var second = Environment.TickCount64 / 1000;
            if (second != _second)
            {
                _second = second;
                _loggedThisSecond = 0;
            }
            var logged = ++_loggedThisSecond <= LogsPerSecond;
            if (!logged) _notLogged++;
            if (!_ticking)
            {
                _ticking = true;
                _timer.Change(Interval, Interval);
            }
            return logged;
        }
    }

    /// <summary>A name from a client, safe on one log line: control characters escaped, length bounded.</summary>
    public static string Printable(string text)
    {
        var sb = new StringBuilder(Math.Min(text.Length, MaxNameLength + 3));
        foreach (var c in text)
        {
            if (sb.Length >= MaxNameLength)
            {
                sb.Append("...");
                break;
            }
            if (char.IsControl(c)) sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            else sb.Append(c);
        }
        return sb.ToString();
    }

    private static void Count(Dictionary<string, int> counts, string key, ref int others)
    {
        if (counts.TryGetValue(key, out var n)) counts[key] = n + 1;
        else if (counts.Count < MaxTracked) counts[key] = 1;
        else others++;
    }

    private void Summarize()
    {
        DateTime start;
        int failures, notLogged, otherUsers, otherAddresses;
        KeyValuePair<string, int>[] users, addresses;
        lock (_lock)
        {
            if (_failures == 0)
            {
                // A quiet interval: sleep until the next failure.
                _ticking = false;
                _timer.Change(Timeout.Infinite, Timeout.Infinite);
                return;
            }
            (start, failures, notLogged) = (_start, _failures, _notLogged);
            users = [.. _users.OrderByDescending(e => e.Value).ThenBy(e => e.Key, StringComparer.Ordinal)];
            addresses = [.. _addresses.OrderByDescending(e => e.Value).ThenBy(e => e.Key, StringComparer.Ordinal)];
            (otherUsers, otherAddresses) = (_otherUsers, _otherAddresses);
            _users.Clear();
            _addresses.Clear();
            _failures = _notLogged = _otherUsers = _otherAddresses = 0;
        }
        // Every failure was logged on its own line: nothing to add.
        if (notLogged == 0) return;
        otherUsers += users.Skip(Listed).Sum(e => e.Value);
        otherAddresses += addresses.Skip(Listed).Sum(e => e.Value);
        var topUsers = users.Take(Listed).Select(e => new AuthFailureCount(e.Key, e.Value)).ToArray();
        var topAddresses = addresses.Take(Listed).Select(e => new AuthFailureCount(e.Key, e.Value)).ToArray();
        _log.LogWarning("{Failures} authentication errors in the last {Seconds}s ({NotLogged} not logged one by one); by user: {Users}; by address: {Addresses}",
            failures, (int)Math.Round((DateTime.UtcNow - start).TotalSeconds), notLogged,
            Describe(topUsers, otherUsers, user: true), Describe(topAddresses, otherAddresses, user: false));
        try
        {
            _system().AuthenticationFailureSummary(start, failures, notLogged, topUsers, otherUsers, topAddresses, otherAddresses);
        }
        catch (ObjectDisposedException)
        {
            // Shutting down.
        }
    }

    private static string Describe(AuthFailureCount[] top, int others, bool user)
    {
        var parts = top.Select(e => $"{(user ? (e.Name.Length == 0 ? "(none)" : $"\"{e.Name}\"") : e.Name)} {e.Count}").ToList();
        if (others > 0) parts.Add($"others {others}");
        return string.Join(", ", parts);
    }

    public void Dispose() => _timer.Dispose();
}

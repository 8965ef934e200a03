using System.Text;
using WebBroker.Broker.Subjects;

namespace WebBroker.Broker.Security;

/// <summary>
/// One connection's compiled permissions, checked as nats-server checks them: a subject (even a
/// subscription's wildcard subject) is matched as it is written against the allow and deny lists;
/// a wildcard subscription that overlaps a deny entry is allowed but never receives the denied
/// subjects. Only connections whose user has permissions carry one, so others pay nothing.
/// </summary>
public sealed class ClientPermissions
{
    private const int MaxCachedSubjects = 1024;

    private readonly Sublist<Entry>? _pubAllow, _pubDeny, _subAllow, _subDeny;
    private readonly Dictionary<string, bool> _pubCache = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (int Left, DateTime Until)> _replies = new(StringComparer.Ordinal);
    private readonly ResponsePermission? _responses;
    private readonly Lock _lock = new();

    public ClientPermissions(PermissionOptions options)
    {
        _pubAllow = Build(options.Publish?.Allow);
        _pubDeny = Build(options.Publish?.Deny);
        _subAllow = Build(options.Subscribe?.Allow);
        _subDeny = Build(options.Subscribe?.Deny);
        _responses = options.AllowResponses;
    }

    public bool TracksResponses => _responses is not null;

    /// <summary>Whether a message may be published on <paramref name="subject"/>.</summary>
    public bool CanPublish(ReadOnlySpan<byte> subject)
    {
        var text = Encoding.UTF8.GetString(subject);
        lock (_lock)
        {
            if (!_pubCache.TryGetValue(text, out var allowed))
            {
                allowed = (_pubAllow is null || !_pubAllow.Match(text).IsEmpty) && (_pubDeny is null || _pubDeny.Match(text).IsEmpty);
                if (_pubCache.Count >= MaxCachedSubjects) _pubCache.Clear();
                _pubCache[text] = allowed;
            }
            if (allowed) return true;
            return _responses is not null && UseReply(text);
        }
    }

    /// <summary>Whether a subscription to <paramref name="subject"/> (in <paramref name="queue"/>, if any) is allowed.</summary>
    public bool CanSubscribe(string subject, string? queue)
    {
        if (_subDeny is not null && _subDeny.Match(subject).Plain.Length > 0) return false;
        if (_subAllow is null) return true;
        var allowed = _subAllow.Match(subject);
        if (allowed.Plain.Length > 0) return true;
        return queue is not null && allowed.Queues.Any(g => g[0].Queue == queue);
    }

    /// <summary>Whether a message on <paramref name="subject"/> may be delivered (a wildcard subscription
    /// may still cover denied subjects).</summary>
    public bool CanReceive(ReadOnlySpan<byte> subject) => _subDeny is null || _subDeny.Match(subject).IsEmpty;

    /// <summary>Notes the reply subject of a request this client received (allow_responses).</summary>
    public void RecordReply(ReadOnlySpan<byte> reply)
    {
        if (_responses is null) return;
        var until = _responses.Expires > TimeSpan.Zero ? DateTime.UtcNow + _responses.Expires : DateTime.MaxValue;
        lock (_lock)
        {
            if (_replies.Count >= MaxCachedSubjects) _replies.Clear();
            _replies[Encoding.UTF8.GetString(reply)] = (Math.Max(1, _responses.MaxMsgs), until);
        }
    }

    private bool UseReply(string subject)
    {
        if (!_replies.TryGetValue(subject, out var grant)) return false;
        if (grant.Until < DateTime.UtcNow)
        {
            _replies.Remove(subject);
            return false;
        }
        if (grant.Left <= 1) _replies.Remove(subject);
        else _replies[subject] = (grant.Left - 1, grant.Until);
        return true;
    }

    private static Sublist<Entry>? Build(List<string>? patterns)
    {
        if (patterns is null || patterns.Count == 0) return null;
        var list = new Sublist<Entry>(countMatches: false);
        foreach (var pattern in patterns)
        {
            var parts = pattern.Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            list.Insert(new Entry(parts[0], parts.Length > 1 ? parts[1] : null));
        }
        return list;
    }

    private sealed record Entry(string Subject, string? Queue) : ISublistEntry;
}

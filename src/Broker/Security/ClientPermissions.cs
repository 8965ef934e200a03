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
        // The lists' subject indexes match bytes from their own cache: no string per publish.
        if ((_pubAllow is null || !_pubAllow.Match(subject).IsEmpty) && (_pubDeny is null || _pubDeny.Match(subject).IsEmpty)) return true;
        if (_responses is null) return false;
        var text = Encoding.UTF8.GetString(subject);
        lock (_lock) return UseReply(text);
    }

    /// <summary>Whether a subscription to <paramref name="subject"/> (in <paramref name="queue"/>, if any) is allowed.
    /// As in nats-server: for a queue subscription, queue entries ("subject queue") matching the subject decide
    /// whenever there are any, plain entries otherwise; the deny list is consulted only when the allow list admits.</summary>
    public bool CanSubscribe(string subject, string? queue)
    {
        var allowed = _subAllow is null || Lists(_subAllow.Match(subject), queue);
        if (allowed && _subDeny is not null) allowed = !Lists(_subDeny.Match(subject), queue);
        return allowed;
    }

    /// <summary>Whether a message on <paramref name="subject"/> may be delivered (a wildcard subscription
    /// may still cover denied subjects). Queue entries deny only the queue subscriptions they name.</summary>
    public bool CanReceive(ReadOnlySpan<byte> subject) => _subDeny is null || _subDeny.Match(subject).Plain.Length == 0;

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

    /// <summary>Whether a list's entries matching a subject name this subscription.</summary>
    private static bool Lists(SublistResult<Entry> matched, string? queue) =>
        queue is not null && matched.Queues.Length > 0 ? QueueListed(queue, matched.Queues) : matched.Plain.Length > 0;

    /// <summary>A queue is listed by its own name, or by a wildcard queue entry that covers it
    /// ("q.*" covers "q.1" but not "q.>"): queue names may contain wildcard characters.</summary>
    private static bool QueueListed(string queue, Entry[][] groups)
    {
        foreach (var group in groups)
        {
            var name = group[0].Queue!;
            if (queue == name || (HasWildcardToken(name) && IsCoveredBy(queue, name))) return true;
        }
        return false;
    }

    private static bool HasWildcardToken(ReadOnlySpan<char> name)
    {
        var done = false;
        while (!done)
        {
            if (NextToken(ref name, ref done) is "*" or ">") return true;
        }
        return false;
    }

    /// <summary>Whether every subject <paramref name="subject"/> stands for (its own wildcards included)
    /// also matches <paramref name="pattern"/>.</summary>
    private static bool IsCoveredBy(ReadOnlySpan<char> subject, ReadOnlySpan<char> pattern)
    {
        bool subjectDone = false, patternDone = false;
        while (!patternDone)
        {
            var p = NextToken(ref pattern, ref patternDone);
            if (subjectDone || p.IsEmpty) return false;
            if (p is ">") return true;
            var s = NextToken(ref subject, ref subjectDone);
            if (s.IsEmpty || s is ">") return false;
            if (s is "*")
            {
                if (p is not "*") return false;
                continue;
            }
            if (p is not "*" && !s.SequenceEqual(p)) return false;
        }
        return subjectDone;
    }

    private static ReadOnlySpan<char> NextToken(ref ReadOnlySpan<char> rest, ref bool done)
    {
        var dot = rest.IndexOf('.');
        if (dot < 0)
        {
            var last = rest;
            rest = default;
            done = true;
            return last;
        }
        var token = rest[..dot];
        rest = rest[(dot + 1)..];
        return token;
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

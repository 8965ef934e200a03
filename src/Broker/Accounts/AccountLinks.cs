using System.Collections.Concurrent;
using System.Text;
using WebBroker.Broker.Subjects;

namespace WebBroker.Broker.Accounts;

/// <summary>
/// What crosses from an account to others: streams it exports to importers, services it imports
/// from exporters, and the reply routes of requests it is serving for other accounts (a service
/// request's reply subject is rewritten to a one-time <c>_R_.</c> subject in the exporter, which
/// leads back to the requester's inbox). Only accounts with imports or exports have links.
/// </summary>
public sealed class AccountLinks
{
    // Replaced whole (never changed in place) when JWT accounts are relinked: publishers iterate without locks.
    internal List<(string Pattern, Account Importer, ImportOptions Import)> Streams = [];
    internal List<(string Local, Account Exporter, string Remote, ServiceReply Reply)> Services = [];
    private readonly ConcurrentDictionary<string, Route> _replies = new(StringComparer.Ordinal);

    private sealed record Route(Account Requester, string Reply, bool Single, long ExpiresAt, LatencyOptions? Latency, Connections.Connection? Client, DateTime Start);

    /// <summary>A reply's way back, and what latency tracking needs to know about the request.</summary>
    internal readonly record struct ReplyRoute(Account Requester, string Reply, LatencyOptions? Latency, Connections.Connection? Client, DateTime Start);

    internal const string ReplyPrefix = "_R_.";
    internal static ReadOnlySpan<byte> ReplyPrefixBytes => "_R_."u8;

    /// <summary>A reply subject in this (exporting) account that routes once to <paramref name="reply"/> in <paramref name="requester"/>.</summary>
    internal string RouteReply(Account requester, string reply, ServiceReply kind, Connections.Connection? client = null)
    {
        var routed = ReplyPrefix + Guid.NewGuid().ToString("N")[..16];
        // Bounded: stale routes (requests never answered) are dropped wholesale rather than kept forever.
        if (_replies.Count > 100_000) _replies.Clear();
        _replies[routed] = new Route(requester, reply, kind.Type == ResponseType.Singleton,
            Environment.TickCount64 + (long)kind.Threshold.TotalMilliseconds, kind.Latency, client,
            kind.Latency is null ? default : DateTime.UtcNow);
        return routed;
    }

    /// <summary>Where a reply goes back to: once for a singleton service, any number of times until the
    /// threshold for a streamed or chunked one.</summary>
    internal bool TryTakeReply(string subject, out ReplyRoute back)
    {
        back = default;
        if (!_replies.TryGetValue(subject, out var route)) return false;
        if (Environment.TickCount64 > route.ExpiresAt || route.Single)
        {
            _replies.TryRemove(subject, out _);
            if (!route.Single) return false;
        }
        // Latency is measured once per request: on its first reply.
        var measure = route.Latency is not null && _replies.TryUpdate(subject, route with { Latency = null }, route) | route.Single;
        back = new ReplyRoute(route.Requester, route.Reply, measure ? route.Latency : null, route.Client, route.Start);
        return true;
    }

    /// <summary>The importer's subject for a streamed message: the import's <c>to</c>, or its prefix before the subject.</summary>
    internal static string StreamSubject(ImportOptions import, string subject) =>
        import.To is { Length: > 0 } to && !to.Contains('*') && !to.Contains('>') ? to
        : import.Prefix is { Length: > 0 } prefix ? $"{prefix}.{subject}" : subject;

    internal static byte[] Bytes(string s) => Encoding.UTF8.GetBytes(s);
}

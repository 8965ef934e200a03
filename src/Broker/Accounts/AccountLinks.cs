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
    internal List<(string Local, Account Exporter, string Remote)> Services = [];
    private readonly ConcurrentDictionary<string, (Account Requester, string Reply)> _replies = new(StringComparer.Ordinal);

    internal const string ReplyPrefix = "_R_.";

    /// <summary>A reply subject in this (exporting) account that routes once to <paramref name="reply"/> in <paramref name="requester"/>.</summary>
    internal string RouteReply(Account requester, string reply)
    {
        var routed = ReplyPrefix + Guid.NewGuid().ToString("N")[..16];
        // Bounded: stale routes (requests never answered) are dropped wholesale rather than kept forever.
        if (_replies.Count > 100_000) _replies.Clear();
        _replies[routed] = (requester, reply);
        return routed;
    }

    internal bool TryTakeReply(string subject, out (Account Requester, string Reply) route) => _replies.TryRemove(subject, out route);

    /// <summary>The importer's subject for a streamed message: the import's <c>to</c>, or its prefix before the subject.</summary>
    internal static string StreamSubject(ImportOptions import, string subject) =>
        import.To is { Length: > 0 } to && !to.Contains('*') && !to.Contains('>') ? to
        : import.Prefix is { Length: > 0 } prefix ? $"{prefix}.{subject}" : subject;

    internal static byte[] Bytes(string s) => Encoding.UTF8.GetBytes(s);
}

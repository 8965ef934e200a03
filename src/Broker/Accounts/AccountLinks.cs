using System.Collections.Concurrent;
using WebBroker.Broker.Clients;

namespace WebBroker.Broker.Accounts;

/// <summary>
/// What crosses from an account to others. As importer: its service imports (each a subscription in this
/// account's sublist) and its stream imports (shadowed into the exporters' sublists as its clients
/// subscribe). As exporter of services: the reply routes of requests it serves for others: a request's reply
/// subject is rewritten to a one-time <c>_R_.&lt;prefix&gt;.&lt;id&gt;</c> subject here, and one wildcard
/// subscription on <c>_R_.&lt;prefix&gt;.&gt;</c> (made on the first request, as nats-server does) leads each
/// back to the requester's inbox. Only accounts with imports or exports have links.
/// </summary>
public sealed class AccountLinks(Account account)
{
    // Replaced whole (never changed in place) when imports are relinked: readers iterate without locks.
    internal ServiceImport[] Services = [];
    internal StreamImport[] Streams = [];
    private readonly ConcurrentDictionary<string, Route> _replies = new(StringComparer.Ordinal);
    private string? _replyPrefix;

    /// <summary>The account these links belong to.</summary>
    internal Account Account { get; } = account;

    private sealed record Route(Account Requester, string Reply, bool Single, long ExpiresAt, LatencyOptions? Latency, Connections.Connection? Client, DateTime Start);

    /// <summary>A reply's way back, and what latency tracking needs to know about the request.</summary>
    internal readonly record struct ReplyRoute(Account Requester, string Reply, LatencyOptions? Latency, Connections.Connection? Client, DateTime Start);

    internal const string ReplyPrefix = "_R_.";

    /// <summary>A reply subject in this (exporting) account that routes once to <paramref name="reply"/> in
    /// <paramref name="requester"/>. The first one makes the account's <c>_R_</c> wildcard subscription.</summary>
    internal string RouteReply(Account requester, string reply, ServiceReply kind, Connections.Connection? client, Server.NatsServer server)
    {
        var prefix = Volatile.Read(ref _replyPrefix);
        if (prefix is null)
        {
            lock (_replies)
            {
                prefix = _replyPrefix;
                if (prefix is null)
                {
                    prefix = ReplyPrefix + RandomToken(6) + ".";
                    server.SubscribeImport(Account, prefix + ">", this);
                    Volatile.Write(ref _replyPrefix, prefix);
                }
            }
        }
        var routed = prefix + RandomToken(10);
        // Bounded: stale routes (requests never answered) are dropped wholesale rather than kept forever.
        if (_replies.Count > 100_000) _replies.Clear();
        _replies[routed] = new Route(requester, reply, kind.Type == ResponseType.Singleton,
            Environment.TickCount64 + (long)kind.Threshold.TotalMilliseconds, kind.Latency, client,
            kind.Latency is null ? default : DateTime.UtcNow);
        return routed;
    }

    /// <summary>Forgets a reply route whose request reached nobody (nats-server drops it likewise).</summary>
    internal void DropReply(string routed) => _replies.TryRemove(routed, out _);

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

    private static string RandomToken(int length)
    {
        const string Digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        Span<char> token = stackalloc char[length];
        for (var i = 0; i < length; i++) token[i] = Digits[Random.Shared.Next(Digits.Length)];
        return new string(token);
    }
}

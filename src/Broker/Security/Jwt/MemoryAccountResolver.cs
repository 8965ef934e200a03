using System.Collections.Concurrent;

namespace WebBroker.Broker.Security.Jwt;

/// <summary><c>resolver: MEMORY</c>: the accounts of <c>resolver_preload</c>, held in memory. An update
/// through <c>$SYS</c> applies to an account in use, as in nats-server, but is not kept across restarts.</summary>
public sealed class MemoryAccountResolver : IAccountResolver
{
    private readonly ConcurrentDictionary<string, string> _jwts = new(StringComparer.Ordinal);

    public string? Fetch(string account) => _jwts.TryGetValue(account, out var jwt) ? jwt : null;
    public void Store(string account, string jwt) => _jwts[account] = jwt;
    public IReadOnlyList<string> List() => [.. _jwts.Keys];
    public bool TracksUpdates => false;
    public void Dispose() { }
}

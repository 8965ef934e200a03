namespace WebBroker.Broker.Server;

/// <summary>
/// Decentralised authentication ("operator mode"): the operators whose signatures are trusted, and where
/// account JWTs come from. Set, it replaces users and accounts of the config file.
/// </summary>
public sealed class OperatorOptions
{
    /// <summary>The operator JWTs (<c>operator:</c>, read from their files or given inline).</summary>
    public List<string> OperatorJwts { get; set; } = [];
    /// <summary><c>trusted_keys</c>: operator public keys trusted without an operator JWT.</summary>
    public List<string> TrustedKeys { get; set; } = [];
    public ResolverOptions? Resolver { get; set; }
    /// <summary><c>resolver_preload</c>: account public key → account JWT.</summary>
    public Dictionary<string, string> Preload { get; set; } = new(StringComparer.Ordinal);
}

public enum ResolverKind { Memory, Full, Cache, Url }

/// <summary><c>resolver: MEMORY</c>, <c>resolver: URL("http://…")</c> or <c>resolver: { type: full|cache, dir, allow_delete }</c>.</summary>
public sealed class ResolverOptions
{
    public ResolverKind Kind { get; set; }
    /// <summary>The account server's base URL (<see cref="ResolverKind.Url"/>).</summary>
    public string Url { get; set; } = "";
    public string Directory { get; set; } = "";
    public bool AllowDelete { get; set; }
}

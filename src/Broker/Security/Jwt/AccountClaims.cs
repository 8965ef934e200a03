using System.Text.Json;

namespace WebBroker.Broker.Security.Jwt;

/// <summary>An account as its operator describes it: signing keys (plain, or scoped with a user template),
/// limits, exports and imports, revoked users and default permissions.</summary>
public sealed class AccountClaims : NatsClaims
{
    /// <summary>The account's signing keys; a scoped key maps to the template its users get.</summary>
    public IReadOnlyDictionary<string, UserScope?> SigningKeys { get; private set; } = new Dictionary<string, UserScope?>();
    /// <summary>User public keys (or "*") revoked for tokens issued at or before the time (unix seconds).</summary>
    public IReadOnlyDictionary<string, long> Revocations { get; private set; } = new Dictionary<string, long>();
    public long MaxConnections { get; private set; } = NoLimit;
    public long MaxSubscriptions { get; private set; } = NoLimit;
    public long MaxPayload { get; private set; } = NoLimit;
    public long MaxData { get; private set; } = NoLimit;
    public long MaxImports { get; private set; } = NoLimit;
    public long MaxExports { get; private set; } = NoLimit;
    public bool DisallowBearer { get; private set; }
    public IReadOnlyList<JwtExport> Exports { get; private set; } = [];
    public IReadOnlyList<JwtImport> Imports { get; private set; } = [];
    public PermissionOptions? DefaultPermissions { get; private set; }

    public static AccountClaims? From(JsonElement? claims)
    {
        var c = new AccountClaims();
        return claims is { } json && c.Read(json, "account", NKeyEncoding.PrefixAccount) ? c : null;
    }

    protected override void ReadNats(JsonElement nats, JsonElement claims)
    {
        var keys = new Dictionary<string, UserScope?>(StringComparer.Ordinal);
        foreach (var key in nats.Array("signing_keys"))
        {
            if (key.ValueKind == JsonValueKind.String) keys[key.GetString()!] = null;
            else if (!IsV1 && key.ValueKind == JsonValueKind.Object && key.Str("kind") == "user_scope" && key.Str("key") is { Length: > 0 } scoped)
                keys[scoped] = new UserScope(key.Str("role"), key.Obj("template"));
        }
        SigningKeys = keys;
        var revoked = nats.Obj("revocations");
        Revocations = revoked.ValueKind == JsonValueKind.Object
            ? revoked.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetInt64(out _))
                .ToDictionary(p => p.Name, p => p.Value.GetInt64(), StringComparer.Ordinal)
            : new Dictionary<string, long>();
        // As in nats-server, a limit the token leaves out is zero, not unlimited (tools write -1 for that).
        var limits = nats.Obj("limits");
        MaxConnections = limits.Long("conn", 0);
        MaxSubscriptions = limits.Long("subs", 0);
        MaxPayload = limits.Long("payload", 0);
        MaxData = limits.Long("data", 0);
        MaxImports = limits.Long("imports", NoLimit);
        MaxExports = limits.Long("exports", NoLimit);
        DisallowBearer = limits.Bool("disallow_bearer");
        Exports = [.. nats.Array("exports").Select(JwtExport.Read).OfType<JwtExport>()];
        Imports = [.. nats.Array("imports").Select(JwtImport.Read).OfType<JwtImport>()];
        DefaultPermissions = IsV1 ? null : JwtPermissions.Read(nats.Obj("default_permissions")); // a version 2 field
    }

    /// <summary>Whether a user key issued at <paramref name="issuedAt"/> is revoked (by key, or all by "*").</summary>
    public bool IsRevoked(string userKey, long issuedAt) => Revoked(Revocations, userKey, issuedAt);

    /// <summary>The revocation rule of accounts and exports alike: by key, or all keys by "*", for tokens issued at
    /// or before the time.</summary>
    public static bool Revoked(IReadOnlyDictionary<string, long> revocations, string key, long issuedAt) =>
        (revocations.TryGetValue(key, out var at) && issuedAt <= at)
        || (revocations.TryGetValue("*", out var all) && issuedAt <= all);
}

/// <summary>A scoped signing key: users it signs get the template's permissions and limits, not their own.</summary>
public sealed record UserScope(string Role, JsonElement Template);

/// <summary>An export in account claims. <c>token_req</c> makes it private: importers need an activation.</summary>
public sealed record JwtExport(string Name, string Subject, bool IsService, bool TokenRequired, string ResponseType,
    long ResponseThreshold, int AccountTokenPosition, IReadOnlyDictionary<string, long> Revocations, Accounts.LatencyOptions? Latency)
{
    internal static JwtExport? Read(JsonElement e)
    {
        var subject = e.Str("subject");
        var type = e.Str("type");
        if (subject.Length == 0 || type is not ("stream" or "service")) return null;
        var revoked = e.Obj("revocations");
        return new JwtExport(e.Str("name"), subject, type == "service", e.Bool("token_req"), e.Str("response_type"),
            e.Long("response_threshold", 0), (int)e.Long("account_token_position", 0),
            revoked.ValueKind == JsonValueKind.Object
                ? revoked.EnumerateObject().Where(p => p.Value.TryGetInt64(out _)).ToDictionary(p => p.Name, p => p.Value.GetInt64())
                : new Dictionary<string, long>(),
            e.Obj("latency") is { ValueKind: JsonValueKind.Object } latency && latency.Str("results") is { Length: > 0 } results
                ? new Accounts.LatencyOptions(results, (int)Math.Clamp(latency.Long("sampling", 100), 1, 100))
                : null);
    }
}

/// <summary>An import in account claims: <c>subject</c> in <c>account</c>, seen locally as <c>local_subject</c>
/// (or the older <c>to</c>); <c>token</c> carries the activation for a private export.</summary>
public sealed record JwtImport(string Name, string Subject, string Account, bool IsService, string Token, string To, string LocalSubject)
{
    internal static JwtImport? Read(JsonElement e)
    {
        var subject = e.Str("subject");
        var type = e.Str("type");
        var account = e.Str("account");
        if (subject.Length == 0 || account.Length == 0 || type is not ("stream" or "service")) return null;
        return new JwtImport(e.Str("name"), subject, account, type == "service", e.Str("token"), e.Str("to"), e.Str("local_subject"));
    }
}

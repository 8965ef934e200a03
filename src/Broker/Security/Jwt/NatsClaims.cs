using System.Text.Json;

namespace WebBroker.Broker.Security.Jwt;

/// <summary>What every NATS JWT says: who issued it to whom, when, and until when. Each kind keeps its
/// own fields under <c>"nats"</c>.</summary>
public abstract class NatsClaims
{
    /// <summary>The value meaning "no limit" in limits fields.</summary>
    public const long NoLimit = -1;

    public string Id { get; private set; } = "";
    public string Issuer { get; private set; } = "";
    public string Subject { get; private set; } = "";
    public string Name { get; private set; } = "";
    public long IssuedAt { get; private set; }
    public long Expires { get; private set; }
    public long NotBefore { get; private set; }
    public IReadOnlyList<string> Tags { get; private set; } = [];

    public bool IsExpired(DateTimeOffset now) => Expires > 0 && Expires <= now.ToUnixTimeSeconds();
    public bool NotYetValid(DateTimeOffset now) => NotBefore > 0 && NotBefore > now.ToUnixTimeSeconds();

    /// <summary>Reads the common fields and the kind's own; false when the token is not of this kind.</summary>
    protected bool Read(JsonElement claims, string type, byte subjectPrefix)
    {
        var nats = claims.Obj("nats");
        if (!string.Equals(nats.Str("type"), type, StringComparison.Ordinal)) return false;
        Id = claims.Str("jti");
        Issuer = claims.Str("iss");
        Subject = claims.Str("sub");
        Name = claims.Str("name");
        IssuedAt = claims.Long("iat", 0);
        Expires = claims.Long("exp", 0);
        NotBefore = claims.Long("nbf", 0);
        Tags = nats.Strings("tags");
        if (subjectPrefix != 0xFF && !NKeyEncoding.TryDecodePublicKey(Subject, subjectPrefix, out _)) return false;
        ReadNats(nats);
        return true;
    }

    protected abstract void ReadNats(JsonElement nats);
}

/// <summary>An operator: the root of trust; its identity and signing keys may sign accounts.</summary>
public sealed class OperatorClaims : NatsClaims
{
    public IReadOnlyList<string> SigningKeys { get; private set; } = [];
    public string SystemAccount { get; private set; } = "";
    public bool StrictSigningKeyUsage { get; private set; }

    public static OperatorClaims? From(JsonElement? claims)
    {
        var c = new OperatorClaims();
        return claims is { } json && c.Read(json, "operator", NKeyEncoding.PrefixOperator) && c.Issuer == c.Subject ? c : null;
    }

    protected override void ReadNats(JsonElement nats)
    {
        SigningKeys = nats.Strings("signing_keys");
        SystemAccount = nats.Str("system_account");
        StrictSigningKeyUsage = nats.Bool("strict_signing_key_usage");
    }
}

/// <summary>A user: the account it belongs to (its issuer, or issuer_account when a signing key issued it),
/// its permissions and limits.</summary>
public sealed class UserClaims : NatsClaims
{
    public string IssuerAccount { get; private set; } = "";
    public PermissionOptions? Permissions { get; set; }
    public long Subs { get; set; } = NoLimit;
    public long Payload { get; set; } = NoLimit;
    public long Data { get; set; } = NoLimit;
    public IReadOnlyList<string> Sources { get; set; } = [];
    public bool BearerToken { get; private set; }
    public IReadOnlyList<string> AllowedConnectionTypes { get; set; } = [];

    public static UserClaims? From(JsonElement? claims)
    {
        var c = new UserClaims();
        return claims is { } json && c.Read(json, "user", NKeyEncoding.PrefixUser) ? c : null;
    }

    protected override void ReadNats(JsonElement nats)
    {
        IssuerAccount = nats.Str("issuer_account");
        Permissions = JwtPermissions.Read(nats);
        // A limit left out is zero, as nats-server reads it (tools write -1 for no limit).
        Subs = nats.Long("subs", 0);
        Payload = nats.Long("payload", 0);
        Data = nats.Long("data", 0);
        Sources = nats.Strings("src").SelectMany(s => s.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList();
        BearerToken = nats.Bool("bearer_token");
        AllowedConnectionTypes = nats.Strings("allowed_connection_types");
    }

    /// <summary>Whether the token grants nothing of its own (the form a scoped signing key requires).</summary>
    public bool HasNoPermissionsOrLimits =>
        Permissions is null && Subs is NoLimit or 0 && Payload is NoLimit or 0 && Data is NoLimit or 0 && Sources.Count == 0;
}

/// <summary>An activation: the exporting account's permission for one account to import a private export.</summary>
public sealed class ActivationClaims : NatsClaims
{
    public string ImportSubject { get; private set; } = "";
    public string Kind { get; private set; } = "";
    public string IssuerAccount { get; private set; } = "";

    public static ActivationClaims? From(JsonElement? claims)
    {
        var c = new ActivationClaims();
        return claims is { } json && c.Read(json, "activation", NKeyEncoding.PrefixAccount) ? c : null;
    }

    protected override void ReadNats(JsonElement nats)
    {
        ImportSubject = nats.Str("subject");
        Kind = nats.Str("kind");
        IssuerAccount = nats.Str("issuer_account");
    }
}

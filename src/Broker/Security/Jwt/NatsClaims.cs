using System.Text.Json;

namespace WebBroker.Broker.Security.Jwt;

/// <summary>What every NATS JWT says: who issued it to whom, when, and until when. Each kind keeps its
/// own fields under <c>"nats"</c>. Version 1 tokens (older nsc) keep <c>type</c>, <c>tags</c> and a user's or
/// activation's <c>issuer_account</c> at the top level instead, and lack the fields version 2 added; they are read
/// as nats-io/jwt migrates them.</summary>
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
    /// <summary>Whether the token is of the older format (version 1).</summary>
    public bool IsV1 { get; private set; }

    /// <summary>nats-io/jwt's rule: a <c>type</c> at the top level of the claims makes a version 1 token.</summary>
    internal static bool IsVersion1(JsonElement claims) => claims.Str("type").Length > 0;

    public bool IsExpired(DateTimeOffset now) => Expires > 0 && Expires <= now.ToUnixTimeSeconds();
    public bool NotYetValid(DateTimeOffset now) => NotBefore > 0 && NotBefore > now.ToUnixTimeSeconds();

    /// <summary>Reads the common fields and the kind's own; false when the token is not of this kind.</summary>
    protected bool Read(JsonElement claims, string type, byte subjectPrefix)
    {
        var nats = claims.Obj("nats");
        IsV1 = IsVersion1(claims);
        var holder = IsV1 ? claims : nats;
        if (!string.Equals(holder.Str("type"), type, StringComparison.Ordinal)) return false;
        Id = claims.Str("jti");
        Issuer = claims.Str("iss");
        Subject = claims.Str("sub");
        Name = claims.Str("name");
        IssuedAt = claims.Long("iat", 0);
        Expires = claims.Long("exp", 0);
        NotBefore = claims.Long("nbf", 0);
        Tags = holder.Strings("tags");
        if (subjectPrefix != 0xFF && !NKeyEncoding.TryDecodePublicKey(Subject, subjectPrefix, out _)) return false;
        ReadNats(nats, claims);
        return true;
    }

    /// <summary>Reads the kind's own fields from <paramref name="nats"/> (and, for version 1 tokens, the few kept
    /// at the top level of <paramref name="claims"/>).</summary>
    protected abstract void ReadNats(JsonElement nats, JsonElement claims);
}

/// <summary>An operator: the root of trust; its identity and signing keys may sign accounts.</summary>
public sealed class OperatorClaims : NatsClaims
{
    public IReadOnlyList<string> SigningKeys { get; private set; } = [];
    public string SystemAccount { get; private set; } = "";
    public bool StrictSigningKeyUsage { get; private set; }
    /// <summary>Where the operator's account server is; nats-server fetches accounts from its <c>/accounts</c>
    /// when the config names no resolver.</summary>
    public string AccountServerUrl { get; private set; } = "";

    public static OperatorClaims? From(JsonElement? claims)
    {
        var c = new OperatorClaims();
        return claims is { } json && c.Read(json, "operator", NKeyEncoding.PrefixOperator) && c.Issuer == c.Subject ? c : null;
    }

    protected override void ReadNats(JsonElement nats, JsonElement claims)
    {
        SigningKeys = nats.Strings("signing_keys");
        SystemAccount = nats.Str("system_account");
        AccountServerUrl = nats.Str("account_server_url");
        StrictSigningKeyUsage = !IsV1 && nats.Bool("strict_signing_key_usage"); // a version 2 field
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

    protected override void ReadNats(JsonElement nats, JsonElement claims)
    {
        IssuerAccount = (IsV1 ? claims : nats).Str("issuer_account");
        Permissions = JwtPermissions.Read(nats);
        // A limit left out is zero in a version 2 token, as nats-server reads it (tools write -1 for no limit);
        // nats-io/jwt reads a version 1 token's missing limits as none.
        var missing = IsV1 ? NoLimit : 0;
        Subs = nats.Long("subs", missing);
        Payload = nats.Long("payload", missing);
        Data = nats.Long("data", missing);
        Sources = SourceList(nats);
        BearerToken = nats.Bool("bearer_token");
        AllowedConnectionTypes = IsV1 ? [] : nats.Strings("allowed_connection_types"); // a version 2 field
    }

    /// <summary><c>src</c>: an array of CIDRs, or one string of them separated by commas (the older form).</summary>
    private static List<string> SourceList(JsonElement nats)
    {
        var entries = nats.Str("src") is { Length: > 0 } text ? [text.ToLowerInvariant()] : nats.Strings("src");
        return [.. entries.SelectMany(s => s.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))];
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

    protected override void ReadNats(JsonElement nats, JsonElement claims)
    {
        ImportSubject = nats.Str("subject");
        Kind = nats.Str(IsV1 ? "type" : "kind"); // version 1 named the import's type "type"
        IssuerAccount = (IsV1 ? claims : nats).Str("issuer_account");
    }
}

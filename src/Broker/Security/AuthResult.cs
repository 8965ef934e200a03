using WebBroker.Broker.Accounts;
using WebBroker.Broker.Clients;
using WebBroker.Broker.Protocol;
using WebBroker.Broker.Security.Jwt;

namespace WebBroker.Broker.Security;

/// <summary>
/// The authenticator's answer: who the connection is (its account, permissions, limits, and when its
/// credentials end), that the listener asks no credentials, or a refusal with nats-server's error text and
/// closed reason. A refusal never says which check failed.
/// </summary>
internal sealed record AuthResult
{
    /// <summary>The listener asks no credentials: the connection keeps the account it has.</summary>
    public static readonly AuthResult Open = new();

    /// <summary>Bad or missing credentials, as nats-server answers them.</summary>
    public static readonly AuthResult Denied = new() { Refusal = (ClosedReason.AuthenticationViolation, ProtocolErrors.AuthorizationViolation) };

    /// <summary>Why the connection is refused and the -ERR it gets; null when it is let in.</summary>
    public (ClosedReason Reason, string Error)? Refusal { get; private init; }

    /// <summary>The account the credentials open; null when no credentials were asked (<see cref="Open"/>) or on refusal.</summary>
    public Account? Account { get; private init; }

    /// <summary>What the user may publish and subscribe to; null: everything.</summary>
    public PermissionOptions? Permissions { get; private init; }

    /// <summary>Operator mode: the user JWT's claims (kept for revocation checks when the account changes).</summary>
    public UserClaims? JwtUser { get; private init; }

    /// <summary>The user's subscription and payload limits from its JWTs; -1: none of its own.</summary>
    public long MaxSubs { get; private init; } = -1;

    public long MaxPayload { get; private init; } = -1;

    /// <summary>The bytes the connection may publish (the JWTs' <c>data</c> limit); -1 or 0: none.</summary>
    public long MaxData { get; private init; } = -1;

    /// <summary>When the credentials expire (the user's JWT or its account's, whichever comes first).</summary>
    public DateTimeOffset? ExpiresAt { get; private init; }

    /// <summary>Whether the account's token expires before the user's (the -ERR then names the account).</summary>
    public bool AccountExpiresFirst { get; private init; }

    /// <summary>A user of the config file (users list, single user, token, NKey or certificate).</summary>
    public static AuthResult User(Account account, PermissionOptions? permissions) =>
        new() { Account = account, Permissions = permissions };

    /// <summary>A user JWT verified along the chain to a trusted operator.</summary>
    public static AuthResult Jwt(Account account, UserClaims user, PermissionOptions? permissions, long maxSubs, long maxPayload,
        long maxData, DateTimeOffset? expiresAt, bool accountExpiresFirst) => new()
    {
        Account = account, JwtUser = user, Permissions = permissions, MaxSubs = maxSubs, MaxPayload = maxPayload, MaxData = maxData,
        ExpiresAt = expiresAt, AccountExpiresFirst = accountExpiresFirst,
    };
}

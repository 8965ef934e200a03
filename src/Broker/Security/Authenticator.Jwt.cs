using System.Net;
using System.Text;
using WebBroker.Broker.Clients;
using WebBroker.Broker.Protocol;
using WebBroker.Broker.Security.Jwt;
using WebBroker.Broker.Server;

namespace WebBroker.Broker.Security;

/// <summary>Operator mode: the user JWT and the nonce signature, checked along the chain to a trusted operator.</summary>
internal sealed partial class Authenticator
{
    /// <summary>Checks CONNECT's user JWT as nats-server does; a refusal gives no hint of which check failed.</summary>
    private AuthResult AuthenticateJwt(AuthRequest request)
    {
        var connect = request.Connect;
        var now = DateTimeOffset.UtcNow;
        if (UserClaims.From(JwtCodec.DecodeVerified(connect.Jwt)) is not { } user) return AuthResult.Denied;
        if (user.IsExpired(now) || user.NotYetValid(now)) return AuthResult.Denied;
        var accountKey = user.IssuerAccount.Length > 0 ? user.IssuerAccount : user.Issuer;
        if (server.LookupJwtAccount(accountKey) is not { Jwt: { } claims } account) return AuthResult.Denied;
        if (!server.TrustsOperatorKey(claims.Issuer) || claims.IsExpired(now)) return AuthResult.Denied;
        if (user.Issuer != claims.Subject)
        {
            // Signed by one of the account's signing keys; a scoped key imposes its template.
            if (!claims.SigningKeys.TryGetValue(user.Issuer, out var scope)) return AuthResult.Denied;
            if (scope is not null && (!user.HasNoPermissionsOrLimits || !ScopedTemplate.Apply(scope, user, claims))) return AuthResult.Denied;
        }
        else if (user.IssuerAccount.Length > 0 && user.IssuerAccount != user.Issuer)
        {
            return AuthResult.Denied;
        }
        if (user.BearerToken && claims.DisallowBearer) return AuthResult.Denied;
        if (!user.BearerToken && !NonceSigned(user.Subject, request.Nonce, connect.Sig)) return AuthResult.Denied;
        if (claims.IsRevoked(user.Subject, user.IssuedAt)) return AuthResult.Denied;
        if (!SourceAllowed(user.Sources, request.RemoteAddress)) return AuthResult.Denied;
        var type = request.Transport.JwtConnectionType();
        if (user.AllowedConnectionTypes.Count > 0 && !user.AllowedConnectionTypes.Contains(type, StringComparer.OrdinalIgnoreCase)) return AuthResult.Denied;
        var userExpiry = user.Expires > 0 ? DateTimeOffset.FromUnixTimeSeconds(user.Expires) : (DateTimeOffset?)null;
        var accountExpiry = claims.Expires > 0 ? DateTimeOffset.FromUnixTimeSeconds(claims.Expires) : (DateTimeOffset?)null;
        var accountFirst = accountExpiry is { } a && (userExpiry is null || a < userExpiry);
        return AuthResult.Jwt(account, user, user.Permissions ?? claims.DefaultPermissions,
            MinLimit(user.Subs, claims.MaxSubscriptions), MinLimit(user.Payload, claims.MaxPayload),
            MinLimit(DataLimit(user.Data), DataLimit(claims.MaxData)), accountFirst ? accountExpiry : userExpiry, accountFirst);
    }

    /// <summary>Whether a connected JWT user still stands under its account's new claims: null if so, else the
    /// refusal (revoked, bearer no longer allowed, or its signing key gone).</summary>
    public (ClosedReason Reason, string Error)? Recheck(UserClaims user, AccountClaims claims)
    {
        if (claims.IsRevoked(user.Subject, user.IssuedAt)) return (ClosedReason.Revocation, "User Authentication Revoked");
        if ((user.BearerToken && claims.DisallowBearer) || (user.Issuer != claims.Subject && !claims.SigningKeys.ContainsKey(user.Issuer)))
            return (ClosedReason.AuthenticationViolation, ProtocolErrors.AuthorizationViolation);
        return null;
    }

    private static long MinLimit(long a, long b) => a < 0 ? b : b < 0 ? a : Math.Min(a, b);

    /// <summary>A <c>data</c> limit of 0 is a token that left it out (the field is omitted when empty): no limit.</summary>
    private static long DataLimit(long data) => data <= 0 ? -1 : data;

    private static bool NonceSigned(string userKey, string? nonce, string? sig)
    {
        if (nonce is null || string.IsNullOrEmpty(sig)) return false;
        if (!NKeyEncoding.TryDecodePublicKey(userKey, NKeyEncoding.PrefixUser, out var key)) return false;
        return DecodeSignature(sig) is { } signature && Ed25519.Verify(key, Encoding.ASCII.GetBytes(nonce), signature);
    }

    /// <summary>The user's <c>src</c> limit: addresses or CIDR ranges the client must connect from.</summary>
    private static bool SourceAllowed(IReadOnlyList<string> sources, IPAddress? remote)
    {
        if (sources.Count == 0) return true;
        if (remote is null) return false;
        var address = remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote;
        foreach (var source in sources)
        {
            if (IPNetwork.TryParse(source, out var network) && network.Contains(address)) return true;
            if (IPAddress.TryParse(source, out var single) && single.Equals(address)) return true;
        }
        return false;
    }
}

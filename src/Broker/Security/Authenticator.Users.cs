using WebBroker.Broker.Accounts;
using WebBroker.Broker.Server;

namespace WebBroker.Broker.Security;

/// <summary>The config file's credentials: the users list (password or NKey), the single user or token, no_auth_user,
/// and verify_and_map certificates. A WebSocket listener with its own user, token or no_auth_user uses those instead
/// of the top-level ones (the users list still applies), as in nats-server.</summary>
internal sealed partial class Authenticator
{
    /// <summary>The single user, token and no_auth_user that apply to a connection of <paramref name="kind"/>.</summary>
    private (string? Username, string? Password, string? Token, string? NoAuthUser) CredentialsFor(TransportType transport)
    {
        var ws = Options.WebSocket;
        return transport == TransportType.WebSocket && ws.AuthOverride
            ? (ws.Username, ws.Password, ws.Token, ws.NoAuthUser)
            : (Options.Username, Options.Password, Options.Token, Options.NoAuthUser);
    }

    /// <summary>
    /// Checked in nats-server's order: an NKey signature, the token, the single user of --user/--pass, then the
    /// user list (a client without credentials is taken to be no_auth_user). Passwords are plain or bcrypt.
    /// </summary>
    private AuthResult AuthenticateUser(AuthRequest request)
    {
        var connect = request.Connect;
        var o = CredentialsFor(request.Transport);
        if (connect.Nkey is { } nkey)
        {
            var entry = Options.Users.FirstOrDefault(u => u.Nkey == nkey);
            if (entry is null || request.Nonce is null || connect.Sig is null) return AuthResult.Denied;
            if (!NKeyEncoding.TryDecodePublicKey(nkey, NKeyEncoding.PrefixUser, out var key)) return AuthResult.Denied;
            var signature = DecodeSignature(connect.Sig);
            if (signature is null || !Ed25519.Verify(key, System.Text.Encoding.ASCII.GetBytes(request.Nonce), signature)) return AuthResult.Denied;
            return LetIn(entry);
        }
        var users = Options.Users;
        if (o.Token is not null)
            return PasswordCheck.Matches(o.Token, connect.AuthToken) ? LetInGlobal() : AuthResult.Denied;
        if (o.Username is not null && users.Count == 0)
            return connect.User == o.Username && PasswordCheck.Matches(o.Password ?? "", connect.Pass ?? "") ? LetInGlobal() : AuthResult.Denied;
        var user = connect.User;
        var pass = connect.Pass;
        if (user is null && connect.AuthToken is null && o.NoAuthUser is { } noAuth)
        {
            var entry = users.FirstOrDefault(u => u.User == noAuth);
            return entry is null ? AuthResult.Denied : LetIn(entry);
        }
        if (user is null) return AuthResult.Denied;
        if (o.Username is not null && user == o.Username)
            return PasswordCheck.Matches(o.Password ?? "", pass ?? "") ? LetInGlobal() : AuthResult.Denied;
        // NKey users prove themselves with a signature, never with a password.
        var match = users.FirstOrDefault(u => u.Nkey is null && u.User == user);
        if (match is null || !PasswordCheck.Matches(match.Password, pass)) return AuthResult.Denied;
        return LetIn(match);
    }

    /// <summary>verify_and_map: the user the verified client certificate names (no password is asked).</summary>
    private AuthResult AuthenticateCertificate(System.Security.Cryptography.X509Certificates.X509Certificate2? certificate)
    {
        var matched = certificate is null ? null : CertificateIdentity.Match(certificate, Options.Users.Where(u => u.Nkey is null), u => u.User);
        return matched is null ? AuthResult.Denied : LetIn(matched);
    }

    /// <summary>A listed user: its account, and its permissions or else the default ones.</summary>
    private AuthResult LetIn(UserOptions user) => AuthResult.User(AccountOf(user), user.Permissions ?? Options.DefaultPermissions);

    /// <summary>The single user or the token: the global account, with the default permissions.</summary>
    private AuthResult LetInGlobal() => AuthResult.User(server.GlobalAccount, Options.DefaultPermissions);

    private Account AccountOf(UserOptions user) =>
        user.Account is null || user.Account == Account.Global ? server.GlobalAccount : server.GetOrAddAccount(user.Account);
}

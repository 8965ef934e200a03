using WebBroker.Broker.Accounts;
using WebBroker.Broker.Clients;
using WebBroker.Broker.Protocol;
using WebBroker.Broker.Security;

namespace WebBroker.Broker.Server;

/// <summary>
/// Authentication of WebSocket clients, as nats-server's <c>processClientOrLeafAuthentication</c> does it for
/// them: when the <c>websocket {}</c> block names a user, a token or a no_auth_user, those replace the
/// top-level single user, token and no_auth_user for WebSocket clients (the users list still applies);
/// otherwise WebSocket clients authenticate exactly as TCP clients do.
/// </summary>
public sealed partial class NatsServer
{
    /// <summary>Whether this client must CONNECT with credentials (and so gets <c>auth_required</c> in INFO).</summary>
    internal bool AuthRequiredFor(NatsClient client) =>
        AuthRequired || (client.WebSocket is not null && Options.WebSocket.AuthOverride);

    /// <summary>The websocket block's authorization timeout applies to every WebSocket client.</summary>
    internal TimeSpan AuthTimeoutFor(NatsClient client) =>
        client.WebSocket is not null && Options.WebSocket.AuthTimeout is { } timeout && timeout > TimeSpan.Zero ? timeout : Options.AuthTimeout;

    /// <summary>The account a client's CONNECT opens, or null; the WebSocket override when it applies.</summary>
    internal Account? AuthenticateClient(NatsClient client, ConnectOptions connect, string? nonce, out PermissionOptions? permissions)
    {
        if (client.WebSocket is { } upgrade && connect.Jwt is null) connect.Jwt = upgrade.JwtCookie;
        var ws = Options.WebSocket;
        // An NKey proves itself by signature whatever the override; the top-level path checks it.
        if (client.WebSocket is null || !ws.AuthOverride || connect.Nkey is not null)
            return Authenticate(connect, nonce, out permissions);
        permissions = null;
        var user = connect.User;
        if (Options.Users.Count > 0)
        {
            var asNoAuthUser = user is null && connect.Pass is null && connect.AuthToken is null && ws.NoAuthUser is not null;
            if (asNoAuthUser) user = ws.NoAuthUser;
            if (user is not null)
            {
                var match = Options.Users.FirstOrDefault(u => u.Nkey is null && u.User == user);
                if (match is null) return null;
                // no_auth_user takes the user's own password, as nats-server copies it into the CONNECT.
                if (!asNoAuthUser && !PasswordCheck.Matches(match.Password, connect.Pass)) return null;
                permissions = match.Permissions ?? Options.DefaultPermissions;
                return AccountOf(match);
            }
        }
        if (ws.Token is not null)
            return PasswordCheck.Matches(ws.Token, connect.AuthToken) ? GlobalAccount : null;
        if (ws.Username is not null)
            return user == ws.Username && PasswordCheck.Matches(ws.Password ?? "", connect.Pass ?? "") ? GlobalAccount : null;
        return null;
    }
}

using WebBroker.Broker.Clients;

namespace WebBroker.Broker.Server;

/// <summary>
/// Authentication as WebSocket clients see it: a <c>websocket {}</c> block with its own user, token or
/// no_auth_user replaces the top-level ones for them (the users list still applies), as in nats-server.
/// </summary>
public sealed partial class NatsServer
{
    /// <summary>The single user, token and no_auth_user that apply to <paramref name="client"/>.</summary>
    internal (string? Username, string? Password, string? Token, string? NoAuthUser) CredentialsFor(NatsClient client)
    {
        var ws = Options.WebSocket;
        return client.Transport == TransportType.WebSocket && ws.AuthOverride
            ? (ws.Username, ws.Password, ws.Token, ws.NoAuthUser)
            : (Options.Username, Options.Password, Options.Token, Options.NoAuthUser);
    }

    /// <summary>Whether <paramref name="client"/> must authenticate (and INFO says so).</summary>
    internal bool AuthRequiredFor(NatsClient client) =>
        AuthRequired || (client.Transport == TransportType.WebSocket && Options.WebSocket.AuthOverride);

    internal TimeSpan AuthTimeoutFor(NatsClient client) =>
        client.Transport == TransportType.WebSocket && Options.WebSocket.AuthTimeout is { } timeout ? timeout : Options.AuthTimeout;
}

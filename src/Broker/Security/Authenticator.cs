using WebBroker.Broker.Server;

namespace WebBroker.Broker.Security;

/// <summary>
/// The one place that decides who a connection is. Every front door (NATS over TCP, WebSocket, and the
/// MQTT and leaf listeners to come) hands over the CONNECT and the facts of its transport and gets back an
/// <see cref="AuthResult"/>. Operator mode checks user JWTs (<c>Authenticator.Jwt.cs</c>); otherwise the
/// config file's users, single user, token, NKeys and certificates do (<c>Authenticator.Users.cs</c>).
/// Binding the result to the connection (account connection counts, timers) is the connection's part.
/// </summary>
internal sealed partial class Authenticator(NatsServer server)
{
    private ServerOptions Options => server.Options;

    /// <summary>Whether a connection of <paramref name="kind"/> must authenticate (and INFO says so): any
    /// configured credential or operator mode, or, for WebSocket, a <c>websocket {}</c> block's own.</summary>
    public bool Required(TransportType transport) =>
        server.OperatorMode || Options.Username is not null || Options.Token is not null || Options.Users.Count > 0
        || (transport == TransportType.WebSocket && Options.WebSocket.AuthOverride);

    /// <summary>How long a connection of <paramref name="kind"/> has to send its CONNECT.</summary>
    public TimeSpan Timeout(TransportType transport) =>
        transport == TransportType.WebSocket && Options.WebSocket.AuthTimeout is { } timeout ? timeout : Options.AuthTimeout;

    /// <summary>Whether INFO carries a nonce to sign: operator mode, or some user is known by NKey.</summary>
    public bool NonceRequired => server.OperatorMode || Options.Users.Any(u => u.Nkey is not null);

    /// <summary>Decides on <paramref name="request"/>. In operator mode an empty CONNECT JWT is taken from the
    /// WebSocket cookie and written into the CONNECT, as nats-server does.</summary>
    public AuthResult Authenticate(AuthRequest request)
    {
        if (server.OperatorMode)
        {
            if (string.IsNullOrEmpty(request.Connect.Jwt) && request.CookieJwt is not null) request.Connect.Jwt = request.CookieJwt;
            return AuthenticateJwt(request);
        }
        if (!Required(request.Transport)) return AuthResult.Open;
        return Options.Tls is { VerifyAndMap: true } ? AuthenticateCertificate(request.ClientCertificate) : AuthenticateUser(request);
    }

    /// <summary>A signature as clients send it: base64 URL-safe without padding, or standard base64.</summary>
    private static byte[]? DecodeSignature(string sig)
    {
        try
        {
            return Jwt.JwtCodec.Base64Url(sig);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

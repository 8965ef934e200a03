using System.Net;
using System.Security.Cryptography.X509Certificates;
using WebBroker.Broker.Protocol;
using WebBroker.Broker.Server;

namespace WebBroker.Broker.Security;

/// <summary>What a connection presents to be let in: its CONNECT, and the facts of the transport it came by.</summary>
/// <param name="Connect">The client's CONNECT options (credentials, JWT, nonce signature).</param>
/// <param name="Transport">The transport, which picks the listener's own auth (a <c>websocket {}</c> block's user or token)
/// and is checked against a user JWT's allowed connection types.</param>
/// <param name="Nonce">The nonce sent in INFO, which an NKey or JWT user signs; null when none was sent.</param>
/// <param name="ClientCertificate">The verified TLS client certificate, for <c>verify_and_map</c>.</param>
/// <param name="RemoteAddress">Where the client connects from, checked against a user JWT's <c>src</c>.</param>
/// <param name="CookieJwt">WebSocket: the user JWT from the upgrade request's <c>jwt_cookie</c>.</param>
internal readonly record struct AuthRequest(
    ConnectOptions Connect,
    TransportType Transport,
    string? Nonce,
    X509Certificate2? ClientCertificate,
    IPAddress? RemoteAddress,
    string? CookieJwt);

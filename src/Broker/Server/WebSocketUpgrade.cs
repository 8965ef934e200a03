namespace WebBroker.Broker.Server;

/// <summary>What the HTTP upgrade told about a WebSocket client, for the engine to use after CONNECT.</summary>
/// <param name="JwtCookie">The value of the <c>jwt_cookie</c> named in the config, when the request carried it.</param>
public sealed record WebSocketUpgrade(string? JwtCookie = null);

namespace WebBroker.Broker.Server;

/// <summary>
/// How a connection's bytes travel, apart from what the connection is (<see cref="ConnectionKind"/>):
/// plain or TLS TCP, or WebSocket (TLS is a layer on either). User JWTs' allowed_connection_types
/// name these (STANDARD, WEBSOCKET); MQTT will join them.
/// </summary>
public enum TransportType { Tcp, WebSocket }

public static class TransportTypeNames
{
    /// <summary>The name user JWTs' allowed_connection_types use.</summary>
    public static string JwtConnectionType(this TransportType transport) =>
        transport == TransportType.WebSocket ? "WEBSOCKET" : "STANDARD";

    /// <summary>nats-server's client type, as /connz shows it.</summary>
    public static string ConnzType(this TransportType transport) =>
        transport == TransportType.WebSocket ? "websocket" : "nats";
}

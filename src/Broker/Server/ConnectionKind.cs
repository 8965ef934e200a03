namespace WebBroker.Broker.Server;

/// <summary>How a client reached the server: nats-server's connection types, as user JWTs'
/// allowed_connection_types name them.</summary>
public enum ConnectionKind { Standard, WebSocket }

namespace WebBroker.Web.Listeners;

/// <summary>The broker's front doors, as nats-server's listeners. Client, WebSocket and Monitor are
/// registered today; MQTT, route, gateway and leaf listeners register here when they come.</summary>
public enum ListenerKind
{
    /// <summary>NATS clients over TCP (and TLS): <c>port</c>.</summary>
    Client,
    /// <summary>NATS clients over WebSocket: the <c>websocket</c> block.</summary>
    WebSocket,
    /// <summary>HTTP monitoring, with the dashboard and the application's own endpoints: <c>http_port</c>.</summary>
    Monitor,
    /// <summary>HTTPS monitoring: <c>https_port</c>.</summary>
    MonitorTls,
    Mqtt,
    Route,
    Gateway,
    Leaf,
}

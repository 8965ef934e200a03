namespace WebBroker.Broker.Server;

/// <summary>nats-server's <c>websocket {}</c> block: a dedicated listener for NATS over WebSocket.</summary>
public sealed class WebSocketOptions
{
    /// <summary>Listen on this port (-1: a free one); null: no dedicated listener (the HTTP port still upgrades).</summary>
    public int? Port { get; set; }
    public string Host { get; set; } = "0.0.0.0";
    public bool NoTls { get; set; }
    /// <summary>permessage-deflate, when the client offers it.</summary>
    public bool Compression { get; set; }
    /// <summary>Only accept upgrades whose Origin is this server's own host and port.</summary>
    public bool SameOrigin { get; set; }
    /// <summary>Only accept upgrades from these origins (scheme://host[:port]).</summary>
    public List<string> AllowedOrigins { get; set; } = [];
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(2);
}

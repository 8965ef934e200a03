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
    /// <summary>tls {}: the dedicated listener serves wss://.</summary>
    public TlsOptions? Tls { get; set; }
    /// <summary>authorization { user, password, token, timeout } and no_auth_user: when any is set, WebSocket
    /// clients use these instead of the top-level ones (the users list still applies).</summary>
    public string? Username { get; set; }
    public string? Password { get; set; }
    public string? Token { get; set; }
    public string? NoAuthUser { get; set; }
    public TimeSpan? AuthTimeout { get; set; }
    /// <summary>jwt_cookie: the cookie of the upgrade request that carries the user JWT (operator mode).</summary>
    public string? JwtCookie { get; set; }

    /// <summary>Whether the block overrides the top-level authentication for WebSocket clients.</summary>
    public bool AuthOverride => Username is not null || Token is not null || NoAuthUser is not null;
}

namespace WebBroker.Broker.Server;

/// <summary>nats-server's <c>websocket {}</c> block: a dedicated listener for NATS over WebSocket.</summary>
public sealed class WebSocketOptions
{
    /// <summary>Listen on this port (-1: a free one); null: no dedicated listener (the HTTP port still upgrades).</summary>
    public int? Port { get; set; }
    public string Host { get; set; } = "0.0.0.0";
    public bool NoTls { get; set; }
    /// <summary>TLS on the dedicated listener (wss://); null: plain ws://, which needs <see cref="NoTls"/>.</summary>
    public TlsOptions? Tls { get; set; }
    /// <summary>permessage-deflate, when the client offers it.</summary>
    public bool Compression { get; set; }
    /// <summary>Only accept upgrades whose Origin is this server's own host and port.</summary>
    public bool SameOrigin { get; set; }
    /// <summary>Only accept upgrades from these origins (scheme://host[:port]).</summary>
    public List<string> AllowedOrigins { get; set; } = [];
    /// <summary>How long a client of the dedicated listener has to finish the TLS handshake and the HTTP upgrade
    /// (nats-server's read timeout of its websocket HTTP server; zero: no limit).</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(2);

    // ---- authorization {} and no_auth_user: when any of user, token or no_auth_user is set, WebSocket
    // clients authenticate with these instead of the top-level ones (nats-server's "auth override").

    public string? Username { get; set; }
    public string? Password { get; set; }
    public string? Token { get; set; }
    /// <summary>authorization { timeout } of the block; null: the top-level auth timeout.</summary>
    public TimeSpan? AuthTimeout { get; set; }
    /// <summary>A user of the top-level users list that a WebSocket client without credentials is taken to be.</summary>
    public string? NoAuthUser { get; set; }
    /// <summary>The cookie of the upgrade request whose value stands in for a CONNECT without a jwt.</summary>
    public string? JwtCookie { get; set; }

    /// <summary>Whether WebSocket clients authenticate with this block's credentials rather than the top-level ones.</summary>
    public bool AuthOverride => Username is not null || Token is not null || NoAuthUser is not null;
}

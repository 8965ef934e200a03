namespace WebBroker.Broker.Server;

/// <summary>
/// WebBroker's own <c>http_websocket {}</c> block (appsettings <c>WebBroker:HttpWebSocket</c>): which web
/// pages may open NATS over WebSocket on the HTTP port. By default only the port's own pages may (a
/// request without Origin, i.e. not from a browser, is always let in); the <c>websocket {}</c> listener
/// keeps nats-server's rules.
/// </summary>
public sealed class HttpWebSocketOptions : IEquatable<HttpWebSocketOptions>
{
    /// <summary>Pages of the HTTP port's own origin may connect.</summary>
    public bool SameOrigin { get; set; } = true;

    /// <summary>Pages of these origins (scheme://host[:port]) may connect too. With <see cref="SameOrigin"/>
    /// false and this list empty, any page may: the owner's explicit choice.</summary>
    public List<string> AllowedOrigins { get; set; } = [];

    /// <summary>Whether a page of any web site may connect.</summary>
    public bool AnyOrigin => !SameOrigin && AllowedOrigins.Count == 0;

    // Value equality, so that a reload sees a change only when there is one.
    public bool Equals(HttpWebSocketOptions? other) =>
        other is not null && SameOrigin == other.SameOrigin && AllowedOrigins.SequenceEqual(other.AllowedOrigins);

    public override bool Equals(object? obj) => Equals(obj as HttpWebSocketOptions);

    public override int GetHashCode() => HashCode.Combine(SameOrigin, AllowedOrigins.Count);

    public override string ToString() => $"same_origin: {(SameOrigin ? "true" : "false")}, allowed_origins: [{string.Join(", ", AllowedOrigins)}]";
}

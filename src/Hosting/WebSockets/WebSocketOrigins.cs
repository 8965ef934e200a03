using WebBroker.Broker.Server;

namespace WebBroker.Web.WebSockets;

/// <summary>
/// Which pages may open NATS over WebSocket. A request without Origin (nor the older Sec-WebSocket-Origin)
/// does not come from a browser page and is let in, as nats-server does: any program could claim any origin.
/// </summary>
internal static class WebSocketOrigins
{
    /// <summary>The <c>websocket {}</c> listener, with nats-server's rules: no check unless asked; with
    /// same_origin the Origin must be this request's host and port; with allowed_origins it must be listed
    /// (both, when both are set).</summary>
    public static bool ListenerAllows(HttpContext context, Broker.Server.WebSocketOptions options)
    {
        if (!options.SameOrigin && options.AllowedOrigins.Count == 0) return true;
        if (OriginOf(context) is not { } origin) return true;
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var o)) return false;
        if (options.SameOrigin && !IsSameOrigin(context, o)) return false;
        return options.AllowedOrigins.Count == 0 || IsListed(options.AllowedOrigins, o);
    }

    /// <summary>The HTTP port, which also serves the dashboard and would otherwise let any web site's pages
    /// read and write all traffic of a local server: its own pages, and those of allowed_origins; any page
    /// only when the owner turned same_origin off without listing origins.</summary>
    public static bool HttpPortAllows(HttpContext context, HttpWebSocketOptions options)
    {
        if (options.AnyOrigin) return true;
        if (OriginOf(context) is not { } origin) return true;
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var o)) return false;
        return (options.SameOrigin && IsSameOrigin(context, o)) || IsListed(options.AllowedOrigins, o);
    }

    private static string? OriginOf(HttpContext context)
    {
        var origin = context.Request.Headers.Origin.ToString();
        if (origin.Length == 0) origin = context.Request.Headers["Sec-WebSocket-Origin"].ToString();
        return origin.Length == 0 ? null : origin;
    }

    /// <summary>The Origin's host and port are those the request was sent to (scheme's default port when none).</summary>
    private static bool IsSameOrigin(HttpContext context, Uri origin)
    {
        var host = context.Request.Host;
        return string.Equals(origin.Host, host.Host, StringComparison.OrdinalIgnoreCase)
            && origin.Port == (host.Port ?? (context.Request.IsHttps ? 443 : 80));
    }

    private static bool IsListed(List<string> allowed, Uri origin) =>
        allowed.Any(a => Uri.TryCreate(a, UriKind.Absolute, out var u)
            && string.Equals(u.Scheme, origin.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(u.Host, origin.Host, StringComparison.OrdinalIgnoreCase)
            && u.Port == origin.Port);
}

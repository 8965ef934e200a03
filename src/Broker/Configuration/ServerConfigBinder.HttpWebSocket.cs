namespace WebBroker.Broker.Configuration;

public static partial class ServerConfigBinder
{
    private sealed partial class Binding
    {
        /// <summary><c>http_websocket { same_origin, allowed_origins }</c>: WebBroker's own block for NATS over
        /// WebSocket on the HTTP port. A key it does not know stops start-up: a misspelt allow-list must not pass unseen.</summary>
        private void ApplyHttpWebSocket(ConfigEntry block)
        {
            var http = options.HttpWebSocket = new Server.HttpWebSocketOptions();
            foreach (var entry in Map(block))
            {
                switch (entry.Key.ToLowerInvariant())
                {
                    case "same_origin":
                        http.SameOrigin = Boolean(entry);
                        break;
                    case "allowed_origins":
                        var origins = entry.Value is ConfigArray list ? [.. list.Select(o => o.AsString())] : new List<string> { String(entry) };
                        foreach (var origin in origins)
                            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                                throw entry.Value.Error($"http_websocket.allowed_origins: \"{origin}\" is not an origin (scheme://host[:port])");
                        http.AllowedOrigins = origins;
                        break;
                    default:
                        throw entry.Value.Error($"unknown field \"http_websocket.{entry.Key}\"");
                }
            }
        }
    }
}

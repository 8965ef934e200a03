namespace WebBroker.Broker.Configuration;

public static partial class ServerConfigBinder
{
    /// <summary>The <c>websocket</c> block and nats-server's checks of it against the rest of the file.</summary>
    private sealed partial class Binding
    {

        /// <summary>The <c>websocket</c> block; its checks against users and operators wait for the whole file.</summary>
        private void ApplyWebSocketBlock(ConfigEntry entry)
        {
            foreach (var item in Map(entry)) ApplyWebSocket(item);
            _postChecks.Add(() => ValidateWebSocket(entry));
        }

        /// <summary>nats-server's validateWebsocketOptions, once the whole file is read.</summary>
        private void ValidateWebSocket(ConfigEntry at)
        {
            var ws = options.WebSocket;
            if (ws.Port is null) return;
            if (ws.Tls is null && !ws.NoTls) throw at.Value.Error("websocket requires TLS configuration");
            // nats-server's validateNoAuthUser, in its order.
            if (ws.NoAuthUser is { } noAuth && options.Users.Count == 0)
                throw at.Value.Error($"no_auth_user: \"{noAuth}\" present, but users are not defined");
            if (ws.NoAuthUser is { } named && options.Users.All(u => u.User != named))
                throw at.Value.Error($"no_auth_user: \"{named}\" not present as user in authorization block or account configuration");
            if (options.Users.Count > 0 && ws.Username is not null)
                throw at.Value.Error("websocket authentication username not compatible with presence of users/nkeys");
            if (options.Users.Count > 0 && ws.Token is not null)
                throw at.Value.Error("websocket authentication token not compatible with presence of users/nkeys");
            if (ws.JwtCookie is { } cookie && options.Operator is not { OperatorJwts.Count: > 0 })
                throw at.Value.Error($"trusted operators or trusted keys configuration is required for JWT authentication via cookie \"{cookie}\"");
        }

        private void ApplyWebSocket(ConfigEntry entry)
        {
            var ws = options.WebSocket;
            switch (entry.Key.ToLowerInvariant())
            {
                case "port":
                    ws.Port = (int)entry.Value.AsInt64();
                    break;
                case "host" or "net":
                    ws.Host = String(entry);
                    break;
                case "listen":
                    var listen = String(entry);
                    var colon = listen.LastIndexOf(':');
                    if (colon < 0 || !int.TryParse(listen[(colon + 1)..], out var port)) throw entry.Value.Error($"could not parse address string \"{listen}\"");
                    if (colon > 0) ws.Host = listen[..colon];
                    ws.Port = port;
                    break;
                case "no_tls":
                    ws.NoTls = Boolean(entry);
                    break;
                case "compression":
                    ws.Compression = Boolean(entry);
                    break;
                case "same_origin":
                    ws.SameOrigin = Boolean(entry);
                    break;
                case "allowed_origins":
                    ws.AllowedOrigins = entry.Value is ConfigArray origins ? [.. origins.Select(o => o.AsString())] : [String(entry)];
                    break;
                case "handshake_timeout":
                    ws.HandshakeTimeout = entry.Value is ConfigScalar { Kind: ConfigValueKind.String } ? StrictDuration(entry) : TimeSpan.FromSeconds(entry.Value.AsDouble());
                    break;
                case "tls":
                    ws.Tls = Tls(entry.Value);
                    break;
                case "no_auth_user":
                    ws.NoAuthUser = String(entry);
                    break;
                case "jwt_cookie":
                    ws.JwtCookie = String(entry);
                    break;
                case "authorization" or "authentication":
                    if (entry.Value is not ConfigMap auth) throw entry.Value.Error("websocket authorization must be a map");
                    foreach (var item in auth)
                    {
                        switch (item.Key.ToLowerInvariant())
                        {
                            case "user" or "username": ws.Username = item.Value.AsString(); break;
                            case "pass" or "password": ws.Password = item.Value.AsString(); break;
                            case "token": ws.Token = item.Value.AsString(); break;
                            case "timeout":
                                ws.AuthTimeout = item.Value is ConfigScalar { Kind: ConfigValueKind.String } ? item.Value.AsDuration() : TimeSpan.FromSeconds(item.Value.AsDouble());
                                break;
                            default:
                                throw item.Value.Error($"unknown field \"{item.Key}\"");
                        }
                    }
                    break;
                default:
                    Warn(entry, $"\"websocket.{entry.Key}\" is not yet supported by WebBroker and is ignored", ConfigWarningKind.NotYetSupported);
                    break;
            }
        }
    }
}

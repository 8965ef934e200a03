using System.IO.Pipelines;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Http.Features;
using WebBroker.Broker.Server;

namespace WebBroker.Web.WebSockets;

/// <summary>
/// Serves NATS over WebSocket: any upgrade on the HTTP port that does not ask for the "mqtt"
/// subprotocol, and every request on the dedicated websocket listener. Origins are checked before
/// the upgrade (403 otherwise): nats-server's rules on the listener, same origin by default on the HTTP port.
/// </summary>
public static class WebSocketEndpoint
{
    public static void UseNatsWebSockets(this WebApplication app, NatsServer server, Func<int?> dedicatedPort)
    {
        app.UseWebSockets(new Microsoft.AspNetCore.Builder.WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        app.Use(async (context, next) =>
        {
            var dedicated = dedicatedPort() is { } port && context.Connection.LocalPort == port;
            // The dashboard's own circuit (Blazor's SignalR hub) is not a NATS connection.
            var dashboard = context.Request.Path.StartsWithSegments("/_blazor");
            if (!context.WebSockets.IsWebSocketRequest || context.WebSockets.WebSocketRequestedProtocols.Contains("mqtt") || (dashboard && !dedicated))
            {
                if (dedicated)
                {
                    context.Response.StatusCode = StatusCodes.Status400BadRequest;
                    return;
                }
                await next(context);
                return;
            }
            var options = server.Options.WebSocket;
            if (dedicated ? !WebSocketOrigins.ListenerAllows(context, options) : !WebSocketOrigins.HttpPortAllows(context, server.Options.HttpWebSocket))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                await context.Response.WriteAsync("websocket origin not allowed");
                return;
            }
            var cookie = JwtCookieOf(context, options);
            var maxMessage = (long)server.Options.MaxPayload + server.Options.MaxControlLine + 1024;
            var remote = context.Connection.RemoteIpAddress is { } ip ? new System.Net.IPEndPoint(ip, context.Connection.RemotePort) : null;
            Task Serve(IDuplexPipe transport, Action abort) =>
                server.AcceptAsync(transport, remote, abort, transportType: TransportType.WebSocket, cookieJwt: cookie);
            var http11 = context.Features.Get<IHttpUpgradeFeature>() is { IsUpgradableRequest: true };
            if (!http11 || (options.Compression && OffersDeflate(context)))
            {
                // permessage-deflate, or a WebSocket over HTTP/2 (RFC 8441): ASP.NET's managed WebSocket does those.
                using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { DangerousEnableCompression = true });
                HandshakeTimeout.Completed(context);
                await new WebSocketPipe(socket, maxMessage).RunAsync(Serve);
                return;
            }
            if (!await UpgradeAsync(context)) return;
            HandshakeTimeout.Completed(context);
            // After the 101, Kestrel neither reads nor writes the connection until the request ends: the frames
            // go straight over the connection's own pipes (under TLS when the listener has it), as a TCP client's do.
            var transport = context.Features.Get<Microsoft.AspNetCore.Connections.Features.IConnectionTransportFeature>()?.Transport;
            if (transport is null)
            {
                context.Abort();
                return;
            }
            await new FramedWebSocket(transport.Input, transport.Output, context.Abort, maxMessage).RunAsync(Serve);
        });
    }

    /// <summary>The jwt_cookie's value in the upgrade request, for a CONNECT without a jwt.</summary>
    internal static string? JwtCookieOf(HttpContext context, Broker.Server.WebSocketOptions options) =>
        options.JwtCookie is { } name && context.Request.Cookies.TryGetValue(name, out var value) ? value : null;

    private static bool OffersDeflate(HttpContext context) =>
        context.Request.Headers.SecWebSocketExtensions.Any(e => e?.Contains("permessage-deflate", StringComparison.OrdinalIgnoreCase) == true);

    /// <summary>The 101 response of RFC 6455 (no subprotocol, no extension); a bad key gets 400.</summary>
    private static async Task<bool> UpgradeAsync(HttpContext context)
    {
        var key = context.Request.Headers.SecWebSocketKey.ToString();
        var upgrade = context.Features.Get<IHttpUpgradeFeature>()!;
        if (key.Length is 0 or > 64 || context.Request.Headers.SecWebSocketVersion != "13")
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return false;
        }
        context.Response.Headers.Connection = "Upgrade";
        context.Response.Headers.Upgrade = "websocket";
        context.Response.Headers.SecWebSocketAccept = WebSocketFrames.AcceptKey(key);
        await upgrade.UpgradeAsync();
        return true;
    }
}

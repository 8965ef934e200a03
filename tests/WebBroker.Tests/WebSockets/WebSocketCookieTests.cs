using Microsoft.AspNetCore.Http;
using WebBroker.Broker.Server;
using WebBroker.Tests.Support;
using WebBroker.Web.WebSockets;

namespace WebBroker.Tests.WebSockets;

/// <summary>
/// jwt_cookie plumbing: the upgrade request's cookie reaches authentication as the CONNECT's jwt when the
/// CONNECT has none (nats-server 2.9.10 has only jwt_cookie, and only in operator mode, so JWT validation
/// itself is tested with operator mode; here the cookie's path is).
/// </summary>
public class WebSocketCookieTests
{
    private static NatsServer TokenServer() => new(new ServerOptions { Token = "t0k3n" });

    [Fact]
    public void The_named_cookie_of_the_upgrade_request_is_captured_and_others_are_not()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Cookie = "theme=dark; nats_jwt=eyJ0eXAiOiJKV1QifQ.e30.sig; other=x";
        var options = new Broker.Server.WebSocketOptions { JwtCookie = "nats_jwt" };
        Assert.Equal("eyJ0eXAiOiJKV1QifQ.e30.sig", WebSocketEndpoint.DescribeUpgrade(context, options).JwtCookie);
        Assert.Null(WebSocketEndpoint.DescribeUpgrade(context, new Broker.Server.WebSocketOptions()).JwtCookie);
        Assert.Null(WebSocketEndpoint.DescribeUpgrade(new DefaultHttpContext(), options).JwtCookie);
    }

    [Fact]
    public async Task The_cookie_stands_in_for_a_connect_without_a_jwt()
    {
        var server = TokenServer();
        await using var ws = new InMemoryConnection(server, quietConnect: false, webSocket: new WebSocketUpgrade("cookie.jwt"));
        await ws.SendAsync("CONNECT {\"verbose\":false,\"auth_token\":\"t0k3n\"}\r\nPING\r\n");
        await ws.ReadUntilAsync("PONG");
        Assert.Equal("cookie.jwt", server.Clients.Single().Options.Jwt);
    }

    [Fact]
    public async Task A_jwt_in_the_connect_wins_over_the_cookie()
    {
        var server = TokenServer();
        await using var ws = new InMemoryConnection(server, quietConnect: false, webSocket: new WebSocketUpgrade("cookie.jwt"));
        await ws.SendAsync("CONNECT {\"verbose\":false,\"auth_token\":\"t0k3n\",\"jwt\":\"connect.jwt\"}\r\nPING\r\n");
        await ws.ReadUntilAsync("PONG");
        Assert.Equal("connect.jwt", server.Clients.Single().Options.Jwt);
    }

    [Fact]
    public async Task A_tcp_client_gets_no_cookie()
    {
        var server = TokenServer();
        await using var tcp = new InMemoryConnection(server, quietConnect: false);
        await tcp.SendAsync("CONNECT {\"verbose\":false,\"auth_token\":\"t0k3n\"}\r\nPING\r\n");
        await tcp.ReadUntilAsync("PONG");
        Assert.Null(server.Clients.Single().Options.Jwt);
    }
}

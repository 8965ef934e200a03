using Microsoft.AspNetCore.Http;
using WebBroker.Web.WebSockets;

namespace WebBroker.Tests.WebSockets;

/// <summary>jwt_cookie: the named cookie of the upgrade request is what the engine receives as the cookie JWT
/// (nats-server 2.9.10 has only jwt_cookie, and only in operator mode, where the JWT tests use it).</summary>
public class WebSocketCookieTests
{
    [Fact]
    public void The_named_cookie_of_the_upgrade_request_is_captured_and_others_are_not()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Cookie = "theme=dark; nats_jwt=eyJ0eXAiOiJKV1QifQ.e30.sig; other=x";
        var options = new Broker.Server.WebSocketOptions { JwtCookie = "nats_jwt" };
        Assert.Equal("eyJ0eXAiOiJKV1QifQ.e30.sig", WebSocketEndpoint.JwtCookieOf(context, options));
        Assert.Null(WebSocketEndpoint.JwtCookieOf(context, new Broker.Server.WebSocketOptions()));
        Assert.Null(WebSocketEndpoint.JwtCookieOf(new DefaultHttpContext(), options));
    }
}

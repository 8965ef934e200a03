using WebBroker.Broker.Configuration;
using WebBroker.Broker.Server;

namespace WebBroker.Tests.Configuration;

/// <summary>WebBroker's own <c>http_websocket {}</c> block: the origins NATS over WebSocket on the HTTP port accepts.</summary>
public sealed class HttpWebSocketConfigTests
{
    private static ServerOptions Bind(string text)
    {
        var options = new ServerOptions();
        Assert.Empty(ServerConfigBinder.Apply(ConfigFile.Parse(text, "test.conf"), options));
        return options;
    }

    [Fact]
    public void By_default_only_the_same_origin_is_accepted()
    {
        var http = new ServerOptions().HttpWebSocket;
        Assert.Equal((true, 0, false), (http.SameOrigin, http.AllowedOrigins.Count, http.AnyOrigin));
    }

    [Fact]
    public void The_block_is_bound()
    {
        var http = Bind("""http_websocket { same_origin: false, allowed_origins: [ "https://a.example", "http://b.example:8080" ] }""").HttpWebSocket;
        Assert.False(http.SameOrigin);
        Assert.Equal(["https://a.example", "http://b.example:8080"], http.AllowedOrigins);
        Assert.False(http.AnyOrigin);
        Assert.True(Bind("http_websocket { same_origin: false }").HttpWebSocket.AnyOrigin);
    }

    [Theory]
    [InlineData("http_websocket { allowed_origin: [ \"https://a.example\" ] }", "unknown field \"http_websocket.allowed_origin\"")]
    [InlineData("http_websocket { allowed_origins: [ \"a.example\" ] }", "is not an origin")]
    [InlineData("http_websocket { same_origin: 1 }", "expected a boolean")]
    public void Mistakes_stop_start_up(string text, string reason)
    {
        var ex = Assert.Throws<ConfigException>(() => ServerConfigBinder.Apply(ConfigFile.Parse(text, "test.conf"), new ServerOptions()));
        Assert.Contains(reason, ex.Message);
    }

    [Fact]
    public void Equal_settings_compare_equal_so_a_reload_reports_only_real_changes()
    {
        var a = Bind("""http_websocket { allowed_origins: [ "https://a.example" ] }""").HttpWebSocket;
        var b = Bind("""http_websocket { allowed_origins: [ "https://a.example" ] }""").HttpWebSocket;
        Assert.Equal(a, b);
        Assert.NotEqual(a, new HttpWebSocketOptions());
    }
}

namespace WebBroker.ProtocolTests;

/// <summary>
/// NATS over WebSocket on WebBroker's HTTP port (nats-server has no such door): a page of another web site
/// is refused (403) unless <c>http_websocket {}</c> allows it; the port's own pages and clients that send no
/// Origin (programs, not pages) are let in. The <c>websocket {}</c> listener keeps nats-server's rules.
/// </summary>
public sealed class HttpPortWebSocketOriginTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);
    private const string QuietConnect = """{"verbose":false,"pedantic":false}""";

    private static async Task WithHttpPortAsync(string? config, Func<int, Task> test)
    {
        await using var server = await ServerProcess.StartAsync(ServerKind.WebBroker, config, monitor: true);
        await test(await server.HttpPortAsync());
    }

    [Fact]
    public async Task By_default_a_page_of_another_site_is_refused_with_403() => await WithHttpPortAsync(null, async port =>
    {
        await using var evil = await RawWebSocket.ConnectAsync(port, "http://evil.example");
        Assert.Equal(403, evil.Status);
        await using var sameHostOtherPort = await RawWebSocket.ConnectAsync(port, $"http://127.0.0.1:{port + 1}");
        Assert.Equal(403, sameHostOtherPort.Status);
        await using var opaque = await RawWebSocket.ConnectAsync(port, "null");
        Assert.Equal(403, opaque.Status);
        await using var legacy = await RawWebSocket.ConnectAsync(port, headers: ["Sec-WebSocket-Origin: http://evil.example"]);
        Assert.Equal(403, legacy.Status);
    });

    [Fact]
    public async Task By_default_the_ports_own_pages_and_clients_without_Origin_talk_NATS() => await WithHttpPortAsync(null, async port =>
    {
        await using var own = await RawWebSocket.ConnectAsync(port, $"http://127.0.0.1:{port}");
        Assert.Equal(101, own.Status);
        Assert.Equal(WebSocketReceived.Pong, await own.ConnectNatsAsync(QuietConnect, Bound));
        await using var program = await RawWebSocket.ConnectAsync(port);
        Assert.Equal(101, program.Status);
        Assert.Equal(WebSocketReceived.Pong, await program.ConnectNatsAsync(QuietConnect, Bound));
    });

    [Fact]
    public async Task Allowed_origins_are_let_in_beside_the_ports_own() => await WithHttpPortAsync(
        """http_websocket { allowed_origins: [ "https://app.example", "http://other.example:8080" ] }""", async port =>
    {
        foreach (var origin in new[] { "https://app.example", "http://other.example:8080", $"http://127.0.0.1:{port}" })
        {
            await using var ok = await RawWebSocket.ConnectAsync(port, origin);
            Assert.True(ok.Status == 101, $"{origin}: {ok.Status}");
            Assert.Equal(WebSocketReceived.Pong, await ok.ConnectNatsAsync(QuietConnect, Bound));
        }
        // Scheme and port are part of an origin.
        foreach (var origin in new[] { "http://app.example", "http://other.example", "http://evil.example" })
        {
            await using var refused = await RawWebSocket.ConnectAsync(port, origin);
            Assert.True(refused.Status == 403, $"{origin}: {refused.Status}");
        }
    });

    [Fact]
    public async Task Without_same_origin_only_the_listed_origins_are_let_in() => await WithHttpPortAsync(
        """http_websocket { same_origin: false, allowed_origins: [ "https://app.example" ] }""", async port =>
    {
        await using var own = await RawWebSocket.ConnectAsync(port, $"http://127.0.0.1:{port}");
        Assert.Equal(403, own.Status);
        await using var listed = await RawWebSocket.ConnectAsync(port, "https://app.example");
        Assert.Equal(101, listed.Status);
    });

    [Fact]
    public async Task Same_origin_false_with_no_list_lets_any_page_in() => await WithHttpPortAsync(
        "http_websocket { same_origin: false }", async port =>
    {
        await using var any = await RawWebSocket.ConnectAsync(port, "http://evil.example");
        Assert.Equal(101, any.Status);
        Assert.Equal(WebSocketReceived.Pong, await any.ConnectNatsAsync(QuietConnect, Bound));
    });

    [Fact]
    public async Task The_websocket_blocks_origin_settings_do_not_open_the_HTTP_port() => await WithHttpPortAsync(
        """websocket { port: -1, no_tls: true, allowed_origins: [ "http://evil.example" ] }""", async port =>
    {
        await using var evil = await RawWebSocket.ConnectAsync(port, "http://evil.example");
        Assert.Equal(403, evil.Status);
    });

    [Fact]
    public async Task A_reload_applies_a_new_allow_list_to_new_upgrades()
    {
        await using var server = await ServerProcess.StartAsync(ServerKind.WebBroker, "ping_max: 2\n", monitor: true);
        var port = await server.HttpPortAsync();
        await using (var before = await RawWebSocket.ConnectAsync(port, "https://app.example"))
            Assert.Equal(403, before.Status);
        await File.WriteAllTextAsync(Path.Combine(server.WorkDirectory, "server.conf"), """http_websocket { allowed_origins: [ "https://app.example" ] }""");
        var mark = server.OutputMark;
        server.Signal(PosixSignal.Hangup);
        await server.WaitForOutputAsync("Reloaded: HttpWebSocket", mark, Bound);
        await using var after = await RawWebSocket.ConnectAsync(port, "https://app.example");
        Assert.Equal(101, after.Status);
    }

    /// <summary>The listener without origin settings checks nothing, in nats-server as in WebBroker.</summary>
    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task The_websocket_listener_keeps_nats_servers_rules(ServerKind kind)
    {
        await using var server = await ServerProcess.StartAsync(kind, "websocket { port: -1, no_tls: true }\n");
        await using var any = await RawWebSocket.ConnectAsync(server.WebSocketPort!.Value, "http://evil.example");
        Assert.Equal(101, any.Status);
        Assert.Equal(WebSocketReceived.Pong, await any.ConnectNatsAsync(QuietConnect, Bound));
    }
}

using System.Text.Json;

namespace WebBroker.ProtocolTests;

/// <summary>
/// websocket { authorization {} } and websocket { no_auth_user }: when set, WebSocket clients authenticate
/// with them instead of the top-level credentials (nats-server's auth override), while TCP clients keep the
/// top-level ones. The users list applies to both.
/// </summary>
public sealed class WebSocketAuthTests(ServerPool pool) : IClassFixture<ServerPool>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);
    private const string Violation = "-ERR 'Authorization Violation'";

    private const string SeparateUsers = """
        authorization { user: tcp, password: tcppass }
        websocket { port: -1, no_tls: true, authorization { user: web, password: webpass } }
        """;

    private const string WebSocketTokenOnly = """
        websocket { port: -1, no_tls: true, authorization { token: wstoken, timeout: 1 } }
        authorization { timeout: 60 }
        """;

    private const string NoAuthUser = """
        authorization {
          users: [
            { user: a, password: pa }
            { user: b, password: pb, permissions: { publish: "b.>" } }
          ]
        }
        websocket { port: -1, no_tls: true, no_auth_user: b }
        """;

    private async Task<WebSocketReceived> WebSocketConnectAsync(ServerProcess server, string connectJson)
    {
        await using var ws = await RawWebSocket.ConnectAsync(server.WebSocketPort!.Value);
        var reply = await ws.ConnectNatsAsync(connectJson, Bound);
        if (reply.Close is not null || reply.Text != "PONG\r\n") return reply;
        // Accepted so far: a second PING must be answered too (the client was not dropped after its PONG).
        var again = await ws.PingAsync(Bound);
        return new WebSocketReceived(reply.Text + again.Text, again.Close);
    }

    /// <summary>Accepted: the PONGs and nothing else came back, and the connection is still open.</summary>
    private static void AssertAccepted(WebSocketReceived received)
    {
        Assert.Null(received.Close);
        Assert.Equal("PONG\r\nPONG\r\n", received.Text);
    }

    /// <summary>Refused: the authorization violation and nothing else (no PONG).</summary>
    private static void AssertRefused(WebSocketReceived received) => Assert.Equal(Violation + "\r\n", received.Text);

    private static async Task<string> TcpConnectAsync(ServerProcess server, string connectJson)
    {
        await using var tcp = await server.ConnectAsync();
        await tcp.SendAsync($"CONNECT {connectJson}\r\nPING\r\n");
        return await tcp.ReadLineAsync();
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task WebSocket_clients_use_the_websocket_user_and_TCP_clients_the_top_level_one(ServerKind kind)
    {
        var server = await pool.GetAsync(kind, SeparateUsers);
        AssertAccepted(await WebSocketConnectAsync(server, """{"verbose":false,"user":"web","pass":"webpass"}"""));
        AssertRefused(await WebSocketConnectAsync(server, """{"verbose":false,"user":"tcp","pass":"tcppass"}"""));
        AssertRefused(await WebSocketConnectAsync(server, """{"verbose":false,"user":"web","pass":"wrong"}"""));
        Assert.Equal("PONG", await TcpConnectAsync(server, """{"verbose":false,"user":"tcp","pass":"tcppass"}"""));
        Assert.Equal(Violation, await TcpConnectAsync(server, """{"verbose":false,"user":"web","pass":"webpass"}"""));
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task A_websocket_token_requires_auth_over_websocket_only(ServerKind kind)
    {
        var server = await pool.GetAsync(kind, WebSocketTokenOnly);
        await using (var ws = await RawWebSocket.ConnectAsync(server.WebSocketPort!.Value))
        {
            var info = await ws.ReadUntilAsync("\r\n", Bound);
            using var json = JsonDocument.Parse(info[(info.IndexOf('{'))..info.LastIndexOf('}')] + "}");
            Assert.True(json.RootElement.GetProperty("auth_required").GetBoolean());
        }
        AssertAccepted(await WebSocketConnectAsync(server, """{"verbose":false,"auth_token":"wstoken"}"""));
        AssertRefused(await WebSocketConnectAsync(server, """{"verbose":false}"""));
        AssertRefused(await WebSocketConnectAsync(server, """{"verbose":false,"auth_token":"other"}"""));
        await using var tcp = await server.ConnectAsync();
        Assert.False(tcp.Info.TryGetProperty("auth_required", out var required) && required.GetBoolean());
        Assert.Equal("PONG", await TcpConnectAsync(server, """{"verbose":false}"""));
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task The_websocket_authorization_timeout_applies_to_websocket_clients(ServerKind kind)
    {
        var server = await pool.GetAsync(kind, WebSocketTokenOnly);
        await using var ws = await RawWebSocket.ConnectAsync(server.WebSocketPort!.Value);
        // The top-level timeout is a minute; the websocket block's second is what closes this client.
        var got = await ws.ReadUntilAsync("Authentication Timeout", TimeSpan.FromSeconds(10));
        Assert.Contains("-ERR 'Authentication Timeout'", got);
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task A_websocket_client_without_credentials_is_the_websocket_no_auth_user_with_its_permissions(ServerKind kind)
    {
        var server = await pool.GetAsync(kind, NoAuthUser);
        await using var ws = await RawWebSocket.ConnectAsync(server.WebSocketPort!.Value);
        var connected = await ws.ConnectNatsAsync("""{"verbose":false,"pedantic":false}""", Bound);
        Assert.Null(connected.Close);
        Assert.Equal("PONG\r\n", connected.Text);
        await ws.SendTextAsync("SUB b.x 1\r\nPUB b.x 2\r\nhi\r\nPUB a.x 2\r\nno\r\nPING\r\n");
        var got = await ws.ReadUntilAsync("PONG", Bound);
        Assert.Contains("MSG b.x 1 2\r\nhi\r\n", got);
        Assert.Contains("-ERR 'Permissions Violation for Publish to \"a.x\"'", got);
        // Credentials of another user still work, and TCP clients have no no_auth_user.
        AssertAccepted(await WebSocketConnectAsync(server, """{"verbose":false,"user":"a","pass":"pa"}"""));
        AssertRefused(await WebSocketConnectAsync(server, """{"verbose":false,"user":"a","pass":"wrong"}"""));
        Assert.Equal(Violation, await TcpConnectAsync(server, """{"verbose":false}"""));
        Assert.Equal("PONG", await TcpConnectAsync(server, """{"verbose":false,"user":"b","pass":"pb"}"""));
    }
}

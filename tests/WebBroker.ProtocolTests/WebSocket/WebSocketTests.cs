using System.Text;

namespace WebBroker.ProtocolTests;

/// <summary>
/// The websocket listener of <c>websocket {}</c>: origins are checked before the upgrade, the NATS
/// protocol flows across frames in any split, and misbehaving WebSocket clients are cut off without
/// harming others.
/// </summary>
public sealed class WebSocketTests(ServerPool pool) : IClassFixture<ServerPool>
{
    private const string Config = """
        websocket { port: -1, no_tls: true, allowed_origins: [ "http://good.example" ] }
        ping_interval: "1s"
        ping_max: 1
        """;

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task An_origin_outside_allowed_origins_is_refused_with_403(ServerKind kind)
    {
        var server = await pool.GetAsync(kind, Config);
        await using var bad = await RawWebSocket.ConnectAsync(server.WebSocketPort!.Value, "http://evil.example");
        Assert.Equal(403, bad.Status);
        await using var good = await RawWebSocket.ConnectAsync(server.WebSocketPort!.Value, "http://good.example");
        Assert.Equal(101, good.Status);
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task With_same_origin_only_the_servers_own_origin_is_let_in(ServerKind kind)
    {
        var server = await pool.GetAsync(kind, "websocket { port: -1, no_tls: true, same_origin: true }\n");
        var port = server.WebSocketPort!.Value;
        await using var foreign = await RawWebSocket.ConnectAsync(port, "http://other.example");
        Assert.Equal(403, foreign.Status);
        await using var own = await RawWebSocket.ConnectAsync(port, $"http://127.0.0.1:{port}");
        Assert.Equal(101, own.Status);
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task Operations_split_across_frames_and_many_in_one_frame_both_work(ServerKind kind)
    {
        var server = await pool.GetAsync(kind, Config);
        await using var ws = await RawWebSocket.ConnectAsync(server.WebSocketPort!.Value);
        Assert.Equal(101, ws.Status);
        await ws.ReadUntilAsync("INFO ", Bound);
        var ops = "CONNECT {\"verbose\":false,\"pedantic\":false}\r\nSUB ws.x 1\r\nPUB ws.x 5\r\nhello\r\nPUB ws.x 5\r\nworld\r\nPING\r\n";
        var bytes = Encoding.ASCII.GetBytes(ops);
        // Cut at awkward places: inside a verb, inside a payload, between CR and LF.
        foreach (var (start, end) in new[] { (0, 7), (7, 40), (40, 51), (51, 59), (59, bytes.Length) })
            await ws.SendFrameAsync(bytes[start..end]);
        var got = await ws.ReadUntilAsync("PONG", Bound);
        Assert.Contains("MSG ws.x 1 5\r\nhello\r\n", got);
        Assert.Contains("MSG ws.x 1 5\r\nworld\r\n", got);
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task An_oversize_frame_closes_that_connection_while_others_continue(ServerKind kind)
    {
        // Default pings: with the 1 s stale check of Config, the idle bystander could be cut off while a slow
        // machine is still sending the 4 MiB frame.
        var server = await pool.GetAsync(kind, "websocket { port: -1, no_tls: true }\n");
        await using var other = await server.ConnectReadyAsync();
        await using var ws = await RawWebSocket.ConnectAsync(server.WebSocketPort!.Value);
        await ws.ReadUntilAsync("INFO ", Bound);
        var huge = new byte[4 * 1024 * 1024];
        Array.Fill(huge, (byte)'x');
        var closedWhileSending = false;
        try
        {
            await ws.SendFrameAsync(huge);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException)
        {
            closedWhileSending = true; // the server hung up before the frame was even complete
        }
        Assert.True(closedWhileSending || await ws.ClosedWithinAsync(Bound), "the oversize frame did not close the connection");
        await other.ExpectOpenAsync();
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task A_client_that_sends_half_a_frame_and_stalls_is_cleaned_up(ServerKind kind)
    {
        var server = await pool.GetAsync(kind, Config);
        await using var ws = await RawWebSocket.ConnectAsync(server.WebSocketPort!.Value);
        await ws.ReadUntilAsync("INFO ", Bound);
        await ws.SendFrameAsync(Encoding.ASCII.GetBytes("CONNECT {\"verbose\":false}\r\nPING\r\n"), sendOnly: 10);
        Assert.True(await ws.ClosedWithinAsync(Bound), "the stalled client was never cleaned up");
    }
}

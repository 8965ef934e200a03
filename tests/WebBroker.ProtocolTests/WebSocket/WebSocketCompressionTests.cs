using System.Net.WebSockets;
using System.Text;

namespace WebBroker.ProtocolTests;

/// <summary>
/// permessage-deflate (<c>websocket { compression: true }</c>), with .NET's own WebSocket client offering it:
/// negotiated and working when the server has compression on, not negotiated when it is off.
/// </summary>
public sealed class WebSocketCompressionTests(ServerPool pool) : IClassFixture<ServerPool>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);

    private static async Task<ClientWebSocket> ConnectAsync(int port, CancellationToken cancel)
    {
        var ws = new ClientWebSocket();
        ws.Options.DangerousDeflateOptions = new WebSocketDeflateOptions();
        ws.Options.CollectHttpResponseDetails = true;
        await ws.ConnectAsync(new Uri($"ws://127.0.0.1:{port}/"), cancel);
        return ws;
    }

    private static string Extensions(ClientWebSocket ws) =>
        ws.HttpResponseHeaders is { } headers && headers.TryGetValue("Sec-WebSocket-Extensions", out var values) ? string.Join(",", values) : "";

    private static async Task<string> ReadUntilAsync(ClientWebSocket ws, string expected, CancellationToken cancel)
    {
        var text = new StringBuilder();
        var buffer = new byte[64 * 1024];
        while (!text.ToString().Contains(expected, StringComparison.Ordinal))
        {
            var result = await ws.ReceiveAsync(buffer, cancel);
            if (result.MessageType == WebSocketMessageType.Close) throw new IOException($"closed while waiting for '{expected}'; got '{text}'");
            text.Append(Encoding.Latin1.GetString(buffer, 0, result.Count));
        }
        return text.ToString();
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task With_compression_on_permessage_deflate_is_negotiated_and_messages_cross_intact(ServerKind kind)
    {
        var server = await pool.GetAsync(kind, "websocket { port: -1, no_tls: true, compression: true }\n");
        using var cts = new CancellationTokenSource(Bound);
        using var ws = await ConnectAsync(server.WebSocketPort!.Value, cts.Token);
        Assert.Contains("permessage-deflate", Extensions(ws));
        await ReadUntilAsync(ws, "INFO ", cts.Token);
        // Repetitive text compresses well, so the frames really are deflated both ways.
        var payload = string.Concat(Enumerable.Repeat("compress me ", 2000));
        var ops = $"CONNECT {{\"verbose\":false,\"pedantic\":false}}\r\nSUB zip 1\r\nPUB zip {payload.Length}\r\n{payload}\r\nPING\r\n";
        await ws.SendAsync(Encoding.ASCII.GetBytes(ops), WebSocketMessageType.Binary, true, cts.Token);
        var got = await ReadUntilAsync(ws, "PONG", cts.Token);
        Assert.Contains($"MSG zip 1 {payload.Length}\r\n{payload}\r\n", got);
        // A TCP client sees the same message.
        await using var tcp = await server.ConnectReadyAsync();
        await tcp.SendAsync("SUB zip 9\r\nPING\r\n");
        await tcp.ExpectLineAsync("PONG");
        await ws.SendAsync(Encoding.ASCII.GetBytes("PUB zip 5\r\nhello\r\n"), WebSocketMessageType.Binary, true, cts.Token);
        await tcp.ExpectMsgAsync("zip", "9", "hello");
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task With_compression_off_permessage_deflate_is_not_negotiated(ServerKind kind)
    {
        var server = await pool.GetAsync(kind, "websocket { port: -1, no_tls: true }\n");
        using var cts = new CancellationTokenSource(Bound);
        using var ws = await ConnectAsync(server.WebSocketPort!.Value, cts.Token);
        Assert.DoesNotContain("permessage-deflate", Extensions(ws));
        await ReadUntilAsync(ws, "INFO ", cts.Token);
        await ws.SendAsync(Encoding.ASCII.GetBytes("CONNECT {\"verbose\":false}\r\nPING\r\n"), WebSocketMessageType.Binary, true, cts.Token);
        await ReadUntilAsync(ws, "PONG", cts.Token);
    }
}

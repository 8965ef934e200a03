using System.Net.Http;
using System.Text.Json;

namespace WebBroker.ProtocolTests;

/// <summary>
/// TLS around the websocket listener (<c>websocket { tls {} }</c>, wss://), monitoring over HTTPS with the
/// top-level certificate (<c>https_port</c>), and the listener's handshake_timeout.
/// </summary>
public sealed class WebSocketTlsTests(ServerPool pool, TestCertificates certificates) : IClassFixture<ServerPool>, IClassFixture<TestCertificates>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);

    private string WssConfig => $"websocket {{ port: -1, {certificates.TlsBlock} }}\n";

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task A_wss_client_upgrades_over_tls_and_speaks_nats(ServerKind kind)
    {
        var server = await pool.GetAsync(kind, WssConfig);
        Assert.Contains("Listening for websocket clients on wss://", server.RecentOutput);
        await using var ws = await RawWebSocket.ConnectAsync(server.WebSocketPort!.Value, tls: certificates);
        Assert.Equal(101, ws.Status);
        await ws.ReadUntilAsync("INFO ", Bound);
        await ws.SendTextAsync("CONNECT {\"verbose\":false,\"pedantic\":false}\r\nSUB secure.ws 1\r\nPUB secure.ws 2\r\nok\r\nPING\r\n");
        var got = await ws.ReadUntilAsync("PONG", Bound);
        Assert.Contains("MSG secure.ws 1 2\r\nok\r\n", got);
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task A_plain_websocket_request_on_the_wss_listener_gets_no_upgrade(ServerKind kind)
    {
        var server = await pool.GetAsync(kind, WssConfig);
        await using var plain = await RawWebSocket.ConnectAsync(server.WebSocketPort!.Value);
        Assert.NotEqual(101, plain.Status);
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task Monitoring_is_served_over_https_on_https_port_with_the_tls_certificate(ServerKind kind)
    {
        var server = await pool.GetAsync(kind, $"{certificates.TlsBlock}\nhttps_port: -1\n");
        var port = server.HttpsPort ?? throw new InvalidOperationException($"no https monitor announced:\n{server.RecentOutput}");
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, cert, _, _) => certificates.IsIssuedByCa(cert) };
        using var http = new HttpClient(handler) { Timeout = Bound };
        using var varz = JsonDocument.Parse(await http.GetStringAsync($"https://127.0.0.1:{port}/varz"));
        // nats-server reports the configured value, -1 for "any free port".
        Assert.Equal(-1, varz.RootElement.GetProperty("https_port").GetInt32());
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task A_client_that_never_completes_the_upgrade_is_closed_after_handshake_timeout(ServerKind kind)
    {
        var server = await pool.GetAsync(kind, "websocket { port: -1, no_tls: true, handshake_timeout: \"1s\" }\n");
        var port = server.WebSocketPort!.Value;
        // A fresh server may take longer than the deadline for its very first upgrade (JIT on a busy machine).
        await WarmUpAsync(port);
        await using var upgraded = await RawWebSocket.ConnectAsync(port);
        await upgraded.ReadUntilAsync("INFO ", Bound);
        await upgraded.SendTextAsync("CONNECT {\"verbose\":false,\"pedantic\":false}\r\nPING\r\n");
        await upgraded.ReadUntilAsync("PONG", Bound);
        using var silent = new System.Net.Sockets.TcpClient();
        await silent.ConnectAsync("127.0.0.1", port);
        Assert.True(await ClosedWithinAsync(silent, Bound), "a connection that never upgraded was kept open");
        // The deadline was only for the handshake: the client that upgraded before it lives on.
        await upgraded.SendTextAsync("PING\r\n");
        await upgraded.ReadUntilAsync("PONG", Bound);
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task A_client_that_never_starts_tls_on_the_wss_listener_is_closed_after_handshake_timeout(ServerKind kind)
    {
        var server = await pool.GetAsync(kind, $"websocket {{ port: -1, handshake_timeout: \"1s\", {certificates.TlsBlock} }}\n");
        using var silent = new System.Net.Sockets.TcpClient();
        await silent.ConnectAsync("127.0.0.1", server.WebSocketPort!.Value);
        Assert.True(await ClosedWithinAsync(silent, Bound), "a connection that never did the TLS handshake was kept open");
    }

    private static async Task WarmUpAsync(int port)
    {
        try
        {
            await using var first = await RawWebSocket.ConnectAsync(port);
            await first.ReadUntilAsync("INFO ", Bound);
        }
        catch (IOException)
        {
        }
    }

    private static async Task<bool> ClosedWithinAsync(System.Net.Sockets.TcpClient tcp, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var buffer = new byte[4096];
        try
        {
            while (await tcp.GetStream().ReadAsync(buffer, cts.Token) > 0)
            {
            }
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }
}

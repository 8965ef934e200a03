using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace WebBroker.ProtocolTests.Infrastructure;

/// <summary>A hand-made WebSocket client (RFC 6455) that can also misbehave: half frames, huge frames.</summary>
public sealed class RawWebSocket : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly Stream _stream;
    private readonly ServerPingAnswerer _pings = new();

    private RawWebSocket(TcpClient tcp, Stream stream)
    {
        _tcp = tcp;
        _stream = stream;
    }

    public string HandshakeResponse { get; private set; } = "";
    public int Status { get; private set; }

    /// <summary>Connects and upgrades. <paramref name="headers"/> are extra request header lines ("Cookie: a=b");
    /// with <paramref name="tls"/>, the connection is wss:// and the server certificate must chain to that CA.</summary>
    public static async Task<RawWebSocket> ConnectAsync(int port, string? origin = null, IEnumerable<string>? headers = null,
        TestCertificates? tls = null)
    {
        var tcp = new TcpClient { NoDelay = true };
        await tcp.ConnectAsync("127.0.0.1", port);
        Stream stream = tcp.GetStream();
        if (tls is not null)
        {
            var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
            using var handshake = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = "127.0.0.1",
                RemoteCertificateValidationCallback = (_, cert, _, _) => tls.IsIssuedByCa(cert),
            }, handshake.Token);
            stream = ssl;
        }
        var ws = new RawWebSocket(tcp, stream);
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        var extra = string.Concat((headers ?? []).Select(h => h + "\r\n"));
        var request = $"GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            $"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n" + (origin is null ? "" : $"Origin: {origin}\r\n") + extra + "\r\n";
        await ws._stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        var response = new StringBuilder();
        var one = new byte[1];
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!response.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await ws._stream.ReadAsync(one, cts.Token) == 0) break;
            response.Append((char)one[0]);
        }
        ws.HandshakeResponse = response.ToString();
        var statusLine = ws.HandshakeResponse.Split("\r\n")[0].Split(' ');
        ws.Status = statusLine.Length > 1 && int.TryParse(statusLine[1], out var s) ? s : 0;
        return ws;
    }

    /// <summary>Sends one masked binary frame; <paramref name="sendOnly"/> bytes of it when given (a half frame).</summary>
    public Task SendFrameAsync(byte[] payload, int? sendOnly = null) => SendFrameAsync(0x2, payload, sendOnly);

    private async Task SendFrameAsync(int opcode, byte[] payload, int? sendOnly = null)
    {
        var header = new List<byte> { (byte)(0x80 | opcode) }; // FIN + opcode
        if (payload.Length < 126) header.Add((byte)(0x80 | payload.Length));
        else if (payload.Length <= ushort.MaxValue) { header.Add(0x80 | 126); header.Add((byte)(payload.Length >> 8)); header.Add((byte)payload.Length); }
        else { header.Add(0x80 | 127); for (var i = 7; i >= 0; i--) header.Add((byte)((long)payload.Length >> (8 * i))); }
        var mask = RandomNumberGenerator.GetBytes(4);
        header.AddRange(mask);
        var frame = header.Concat(payload.Select((b, i) => (byte)(b ^ mask[i % 4]))).ToArray();
        await _stream.WriteAsync(frame.AsMemory(0, sendOnly ?? frame.Length));
    }

    public Task SendTextAsync(string protocol) => SendFrameAsync(Encoding.ASCII.GetBytes(protocol));

    /// <summary>Reads INFO, sends CONNECT and PING, and returns what came back until the PONG, an -ERR or the close.</summary>
    public async Task<WebSocketReceived> ConnectNatsAsync(string connectJson, TimeSpan timeout)
    {
        await ReadUntilAsync("INFO ", timeout);
        await SendTextAsync($"CONNECT {connectJson}\r\nPING\r\n");
        return await ReceiveAsync(["PONG\r\n", "-ERR"], timeout);
    }

    /// <summary>Sends PING and returns what came back until the PONG or the close.</summary>
    public async Task<WebSocketReceived> PingAsync(TimeSpan timeout)
    {
        await SendTextAsync("PING\r\n");
        return await ReceiveAsync(["PONG\r\n"], timeout);
    }

    /// <summary>Reads the payloads of the server's frames until <paramref name="expected"/> has arrived.</summary>
    public Task<string> ReadUntilAsync(string expected, TimeSpan timeout) => ReadUntilAnyAsync([expected], timeout);

    /// <summary>Reads the payloads of the server's frames until one of <paramref name="expected"/> has arrived;
    /// throws if the server closes first.</summary>
    public async Task<string> ReadUntilAnyAsync(string[] expected, TimeSpan timeout)
    {
        var received = await ReceiveAsync(expected, timeout);
        if (received.Close is { } close)
            throw new IOException($"closed by the server ({close}) while waiting for '{string.Join("' or '", expected)}'; got '{received.Text}'");
        return received.Text;
    }

    /// <summary>Reads the server's frames until one of <paramref name="expected"/> has arrived in their payloads, or
    /// the server closes (close frame or end of stream). Answers the server's PINGs, NATS and WebSocket, as a client must.
    /// Bounded by <paramref name="timeout"/>.</summary>
    public async Task<WebSocketReceived> ReceiveAsync(string[] expected, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var text = new StringBuilder();
        while (!expected.Any(e => text.ToString().Contains(e, StringComparison.Ordinal)))
        {
            byte[] head;
            try
            {
                head = await ReadExactlyAsync(2, cts.Token);
            }
            catch (Exception e) when (e is IOException or EndOfStreamException)
            {
                return new WebSocketReceived(text.ToString(), new WebSocketClose(null, "connection ended without a close frame"));
            }
            long length = head[1] & 0x7F;
            if (length == 126) { var b = await ReadExactlyAsync(2, cts.Token); length = (b[0] << 8) | b[1]; }
            else if (length == 127) { var b = await ReadExactlyAsync(8, cts.Token); length = b.Aggregate(0L, (a, x) => (a << 8) | x); }
            var payload = await ReadExactlyAsync((int)length, cts.Token);
            switch (head[0] & 0x0F)
            {
                case 0x8:
                    var code = payload.Length >= 2 ? (payload[0] << 8) | payload[1] : (int?)null;
                    return new WebSocketReceived(text.ToString(), new WebSocketClose(code, Encoding.UTF8.GetString(payload.AsSpan(Math.Min(2, payload.Length)))));
                case 0x9:
                    await SendFrameAsync(0xA, payload);
                    break;
                case 0xA:
                    break;
                default:
                    text.Append(Encoding.Latin1.GetString(payload));
                    await _pings.AnswerAsync(payload, () => SendTextAsync("PONG\r\n"));
                    break;
            }
        }
        return new WebSocketReceived(text.ToString(), null);
    }

    /// <summary>True once the server has ended the TCP connection (reads return 0 or fail) within the timeout.</summary>
    public async Task<bool> ClosedWithinAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var buffer = new byte[65536];
        try
        {
            while (true)
                if (await _stream.ReadAsync(buffer, cts.Token) == 0) return true;
        }
        catch (OperationCanceledException) { return false; }
        catch (IOException) { return true; }
    }

    private async Task<byte[]> ReadExactlyAsync(int count, CancellationToken token)
    {
        var buffer = new byte[count];
        await _stream.ReadExactlyAsync(buffer, token);
        return buffer;
    }

    public ValueTask DisposeAsync()
    {
        _tcp.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>What a WebSocket client received: the text of the server's data frames, and how the server closed,
/// if it did (<see cref="Close"/> is null while the connection is open).</summary>
public sealed record WebSocketReceived(string Text, WebSocketClose? Close)
{
    /// <summary>A quiet (non-verbose) CONNECT and PING accepted: the PONG alone, connection open.</summary>
    public static readonly WebSocketReceived Pong = new("PONG\r\n", null);
}

/// <summary>A server's close: the close frame's code and reason, or no code when the stream just ended.</summary>
public sealed record WebSocketClose(int? Code, string Reason)
{
    public override string ToString() => Code is null ? Reason : $"close {Code} '{Reason}'";
}

/// <summary>Follows the server's NATS protocol stream (message payloads skipped by their size) and answers each
/// PING it finds, so that a test client is never cut off as stale.</summary>
internal sealed class ServerPingAnswerer
{
    private readonly List<byte> _pending = [];
    private int _payloadLeft;

    public async Task AnswerAsync(byte[] data, Func<Task> sendPong)
    {
        _pending.AddRange(data);
        while (true)
        {
            if (_payloadLeft > 0)
            {
                var skip = Math.Min(_payloadLeft, _pending.Count);
                _pending.RemoveRange(0, skip);
                _payloadLeft -= skip;
                if (_payloadLeft > 0) return;
            }
            var end = _pending.IndexOf((byte)'\n');
            if (end < 0) return;
            var line = Encoding.Latin1.GetString(_pending.GetRange(0, end).ToArray()).TrimEnd('\r');
            _pending.RemoveRange(0, end + 1);
            if (line == "PING") await sendPong();
            else if (line.StartsWith("MSG ", StringComparison.Ordinal) || line.StartsWith("HMSG ", StringComparison.Ordinal))
                _payloadLeft = int.Parse(line[(line.LastIndexOf(' ') + 1)..]) + 2;
        }
    }
}

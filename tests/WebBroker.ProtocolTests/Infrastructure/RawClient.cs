using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace WebBroker.ProtocolTests.Infrastructure;

/// <summary>A message the server delivered: MSG (no headers) or HMSG (headers not null).</summary>
public sealed record Msg(string Subject, string Sid, string? Reply, string? Headers, string Payload);

/// <summary>The connection ended while a test was still reading from it.</summary>
public sealed class ConnectionClosedException(string message) : Exception(message);

/// <summary>
/// A NATS client at the byte level: it sends exactly what a test gives it and reads what the
/// server sends back, every read bounded by a timeout. Text is Latin-1 so every byte maps to one
/// char and payloads survive unchanged.
/// <para>A server PING that arrives while the test reads lines is answered and skipped, because
/// nats-server pings every client about two seconds after it connects (to measure the round
/// trip) whatever the ping interval. Tests about pings turn this off.</para>
/// </summary>
public sealed class RawClient : IAsyncDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The CONNECT most tests send: quiet, lenient, like the official clients.</summary>
    public const string QuietConnect = """{"verbose":false,"pedantic":false}""";

    public static readonly Encoding Latin1 = Encoding.Latin1;

    private readonly Socket _socket;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;
    private bool _closed;

    /// <summary>The INFO line as received, without its CRLF.</summary>
    public string InfoLine { get; private set; } = "";

    /// <summary>The INFO JSON object.</summary>
    public JsonElement Info { get; private set; }

    /// <summary>Answer (and hide) PINGs from the server while reading lines. On by default.</summary>
    public bool AnswerServerPings { get; set; } = true;

    private RawClient(Socket socket) => _socket = socket;

    public static async Task<RawClient> ConnectAsync(int port, int? receiveBufferSize = null, bool readInfo = true)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        // Must be set before connecting to limit the TCP window (slow consumer tests).
        if (receiveBufferSize is { } size) socket.ReceiveBufferSize = size;
        var client = new RawClient(socket);
        try
        {
            using var cts = new CancellationTokenSource(DefaultTimeout);
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cts.Token);
            if (readInfo) await client.ReadInfoAsync();
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
        return client;
    }

    private async Task ReadInfoAsync()
    {
        var line = await ReadLineAsync();
        Assert.StartsWith("INFO ", line);
        InfoLine = line;
        using var doc = JsonDocument.Parse(line["INFO ".Length..]);
        Info = doc.RootElement.Clone();
    }

    /// <summary>Sends CONNECT and a PING, and waits for the PONG: the server has then taken the CONNECT.</summary>
    public async Task HandshakeAsync(string connectJson = QuietConnect)
    {
        await SendAsync($"CONNECT {connectJson}\r\nPING\r\n");
        await ExpectLineAsync("PONG");
    }

    // ---- sending ----

    public Task SendAsync(string text, TimeSpan? timeout = null) => SendAsync(Latin1.GetBytes(text), timeout);

    public async Task SendAsync(ReadOnlyMemory<byte> bytes, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        await _sendLock.WaitAsync(cts.Token);
        try
        {
            while (!bytes.IsEmpty)
            {
                var sent = await _socket.SendAsync(bytes, SocketFlags.None, cts.Token);
                bytes = bytes[sent..];
            }
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            throw new TimeoutException($"Sending did not complete within {timeout ?? DefaultTimeout}.");
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Sends, ignoring a connection the server has already closed (bad-input tests).</summary>
    public async Task TrySendAsync(ReadOnlyMemory<byte> bytes)
    {
        try
        {
            await SendAsync(bytes);
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>Closes our sending side: the server reads end-of-stream after everything we sent.</summary>
    public void ShutdownSend()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
        }
    }

    // ---- reading ----

    /// <summary>Reads one CRLF-terminated line and returns it without the CRLF.</summary>
    public async Task<string> ReadLineAsync(TimeSpan? timeout = null, CancellationToken cancel = default)
    {
        using var deadline = Deadline(timeout, cancel);
        while (true)
        {
            var line = await ReadRawLineAsync(deadline.Token, timeout, cancel);
            if (AnswerServerPings && line == "PING")
            {
                await SendAsync("PONG\r\n");
                continue;
            }
            return line;
        }
    }

    private async Task<string> ReadRawLineAsync(CancellationToken token, TimeSpan? timeout, CancellationToken cancel)
    {
        var scanned = 0;
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start + scanned, _end - _start - scanned);
            if (newline >= 0)
            {
                var length = newline - _start;
                if (length == 0 || _buffer[newline - 1] != '\r')
                    Assert.Fail($"Server line not terminated by CRLF: '{Escape(Latin1.GetString(_buffer, _start, length + 1))}'");
                var line = Latin1.GetString(_buffer, _start, length - 1);
                _start = newline + 1;
                return line;
            }
            scanned = _end - _start;
            if (!await FillAsync(token, "a line", timeout, cancel)) throw Closed("a line");
        }
    }

    /// <summary>Reads exactly <paramref name="count"/> bytes.</summary>
    public async Task<byte[]> ReadBytesAsync(int count, TimeSpan? timeout = null, CancellationToken cancel = default)
    {
        using var deadline = Deadline(timeout, cancel);
        while (_end - _start < count)
            if (!await FillAsync(deadline.Token, $"{count} bytes", timeout, cancel)) throw Closed($"{count} bytes");
        var bytes = _buffer.AsSpan(_start, count).ToArray();
        _start += count;
        return bytes;
    }

    public async Task ExpectLineAsync(string expected, TimeSpan? timeout = null)
    {
        var line = await ReadLineAsync(timeout);
        Assert.Equal(expected, line);
    }

    /// <summary>Reads one MSG or HMSG, checking the sizes and the CRLF after the payload.</summary>
    public async Task<Msg> ReadMsgAsync(TimeSpan? timeout = null, CancellationToken cancel = default)
    {
        var line = await ReadLineAsync(timeout, cancel);
        var parts = line.Split(' ');
        switch (parts[0])
        {
            case "MSG" when parts.Length is 4 or 5:
            {
                var size = int.Parse(parts[^1]);
                var payload = await ReadPayloadAsync(size, timeout, cancel);
                return new Msg(parts[1], parts[2], parts.Length == 5 ? parts[3] : null, null, payload);
            }
            case "HMSG" when parts.Length is 5 or 6:
            {
                var headerSize = int.Parse(parts[^2]);
                var totalSize = int.Parse(parts[^1]);
                var all = await ReadPayloadAsync(totalSize, timeout, cancel);
                return new Msg(parts[1], parts[2], parts.Length == 6 ? parts[3] : null, all[..headerSize], all[headerSize..]);
            }
            default:
                Assert.Fail($"Expected MSG or HMSG, got '{Escape(line)}'");
                throw new InvalidOperationException();
        }
    }

    private async Task<string> ReadPayloadAsync(int size, TimeSpan? timeout, CancellationToken cancel)
    {
        var bytes = await ReadBytesAsync(size + 2, timeout, cancel);
        Assert.True(bytes[size] == '\r' && bytes[size + 1] == '\n', "payload not followed by CRLF");
        return Latin1.GetString(bytes, 0, size);
    }

    public async Task ExpectMsgAsync(string subject, string sid, string payload, string? reply = null)
    {
        var msg = await ReadMsgAsync();
        Assert.Equal(new Msg(subject, sid, reply, null, payload), msg);
    }

    /// <summary>PING, then PONG must be the very next thing the server sends.</summary>
    public async Task ExpectOpenAsync()
    {
        await SendAsync("PING\r\n");
        await ExpectLineAsync("PONG");
    }

    /// <summary>
    /// Reads until the server closes the connection (end of stream or reset) and returns everything
    /// it sent before closing. Fails if the connection is still open after the timeout.
    /// </summary>
    public async Task<string> ReadUntilClosedAsync(TimeSpan? timeout = null)
    {
        using var deadline = Deadline(timeout, default);
        try
        {
            while (await FillAsync(deadline.Token, "the server to close the connection", timeout, default))
            {
            }
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message} The connection is still open.", e);
        }
        var rest = Latin1.GetString(_buffer, _start, _end - _start);
        _start = _end;
        return rest;
    }

    /// <summary>The server sends exactly <paramref name="lastWords"/> (e.g. an -ERR line) and closes.</summary>
    public async Task ExpectClosedAsync(string lastWords = "", TimeSpan? timeout = null)
    {
        var rest = await ReadUntilClosedAsync(timeout);
        Assert.Equal(Escape(lastWords), Escape(rest));
    }

    /// <summary>The server sends <c>-ERR 'text'</c> and closes the connection.</summary>
    public Task ExpectErrorAndCloseAsync(string error, TimeSpan? timeout = null) =>
        ExpectClosedAsync($"-ERR '{error}'\r\n", timeout);

    /// <summary>Receives more bytes into the buffer; false once the server has closed the connection.</summary>
    private async Task<bool> FillAsync(CancellationToken token, string waitingFor, TimeSpan? timeout, CancellationToken cancel)
    {
        if (_closed) return false;
        if (_start > 0 && _start == _end) _start = _end = 0;
        if (_end == _buffer.Length)
        {
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            else
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }
        }
        int read;
        try
        {
            read = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, token);
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            throw new TimeoutException(
                $"Nothing more from the server within {timeout ?? DefaultTimeout} while waiting for {waitingFor}. " +
                $"Unread: '{Unread}'");
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionAborted)
        {
            read = 0;
        }
        if (read == 0)
        {
            _closed = true;
            return false;
        }
        _end += read;
        return true;
    }

    private string Unread => Escape(Latin1.GetString(_buffer, _start, _end - _start));

    private ConnectionClosedException Closed(string waitingFor) =>
        new($"The server closed the connection while the test waited for {waitingFor}. Unread: '{Unread}'");

    private static CancellationTokenSource Deadline(TimeSpan? timeout, CancellationToken cancel)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        cts.CancelAfter(timeout ?? DefaultTimeout);
        return cts;
    }

    /// <summary>Shows CR and LF visibly in assertion messages.</summary>
    public static string Escape(string text) => text.Replace("\r", "\\r").Replace("\n", "\\n");

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        _sendLock.Dispose();
        return ValueTask.CompletedTask;
    }
}

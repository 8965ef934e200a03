using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Text;
using WebBroker.Broker.Hosting;
using WebBroker.Broker.Server;

namespace WebBroker.Tests.Support;

/// <summary>A client connected to an in-process server through a pair of pipes: no sockets, no ports.</summary>
internal sealed class InMemoryConnection : IAsyncDisposable
{
    private readonly Pipe _toServer;
    private readonly Pipe _toClient;
    private readonly SegmentedPipeReader? _segmented;
    private readonly StringBuilder _received = new();
    public Task Served { get; }
    public bool Aborted { get; private set; }

    /// <summary>Connects; unless told otherwise, first sends a quiet CONNECT (nats-server's defaults are
    /// verbose and pedantic, which would add +OK lines to every exchange). With <paramref name="segmented"/>, the
    /// server reads each <see cref="SendAsync(ReadOnlyMemory{byte})"/> as a read of its own (<see cref="SegmentedPipeReader"/>).</summary>
    /// With <paramref name="inline"/>, the server handles what is sent, and the client reads what the server wrote,
    /// on the sending and reading threads (no thread pool hops): the work of one thread can then be measured.</summary>
    public InMemoryConnection(NatsServer server, bool quietConnect = true, bool segmented = false, bool inline = false)
    {
        var options = inline ? new PipeOptions(readerScheduler: PipeScheduler.Inline, writerScheduler: PipeScheduler.Inline, pauseWriterThreshold: 0, useSynchronizationContext: false) : PipeOptions.Default;
        (_toServer, _toClient) = (new Pipe(options), new Pipe(options));
        if (segmented) _segmented = new SegmentedPipeReader();
        var transport = new DuplexPipe(_segmented ?? _toServer.Reader, _toClient.Writer);
        Served = Task.Run(() => server.AcceptAsync(transport, new IPEndPoint(IPAddress.Loopback, 5555), () =>
        {
            Aborted = true;
            _toClient.Writer.Complete();
            (_segmented ?? _toServer.Reader).CancelPendingRead();
        }));
        if (quietConnect) SendAsync("CONNECT {\"verbose\":false,\"pedantic\":false}\r\n"u8.ToArray()).Wait();
    }

    public async Task SendAsync(string text) => await SendAsync(Encoding.UTF8.GetBytes(text));

    public async Task SendAsync(ReadOnlyMemory<byte> bytes)
    {
        if (_segmented is not null)
        {
            _segmented.Write(bytes.Span);
            return;
        }
        await _toServer.Writer.WriteAsync(bytes);
    }

    /// <summary>Reads until the received text contains <paramref name="expected"/>; returns everything read so far.</summary>
    public async Task<string> ReadUntilAsync(string expected, int timeoutMs = 5000, int occurrences = 1)
    {
        using var cts = new CancellationTokenSource(timeoutMs);
        while (_received.ToString().Split(expected).Length - 1 < occurrences)
        {
            ReadResult result;
            try
            {
                result = await _toClient.Reader.ReadAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"did not receive '{expected}'; got: {_received}");
            }
            foreach (var segment in result.Buffer) _received.Append(Encoding.UTF8.GetString(segment.Span));
            _toClient.Reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted && _received.ToString().Split(expected).Length - 1 < occurrences)
                throw new InvalidOperationException($"connection closed before '{expected}'; got: {_received}");
        }
        return _received.ToString();
    }

    /// <summary>Reads until the server closes its side; returns everything received.</summary>
    public async Task<string> ReadToEndAsync(int timeoutMs = 5000)
    {
        using var cts = new CancellationTokenSource(timeoutMs);
        while (true)
        {
            var result = await _toClient.Reader.ReadAsync(cts.Token);
            foreach (var segment in result.Buffer) _received.Append(Encoding.UTF8.GetString(segment.Span));
            _toClient.Reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted) return _received.ToString();
        }
    }

    /// <summary>Reads and discards exactly <paramref name="count"/> bytes, without decoding them (no allocation).</summary>
    public async Task DrainBytesAsync(long count, int timeoutMs = 10000)
    {
        using var cts = new CancellationTokenSource(timeoutMs);
        while (count > 0)
        {
            var result = await _toClient.Reader.ReadAsync(cts.Token);
            var take = Math.Min(count, result.Buffer.Length);
            count -= take;
            _toClient.Reader.AdvanceTo(result.Buffer.GetPosition(take));
            if (result.IsCompleted && count > 0) throw new InvalidOperationException("connection closed");
        }
    }

    /// <summary>Forgets what was read so far.</summary>
    public void Clear() => _received.Clear();

    public async ValueTask DisposeAsync()
    {
        if (_segmented is not null) _segmented.CompleteWriter();
        else await _toServer.Writer.CompleteAsync();
        await Served.WaitAsync(TimeSpan.FromSeconds(5));
    }

}

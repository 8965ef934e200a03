using System.Buffers;
using System.IO.Pipelines;
using System.Net.WebSockets;

namespace WebBroker.Web.WebSockets;

/// <summary>
/// NATS over WebSocket as nats-server does it: the WebSocket is only a deframer in front of the
/// normal parser. Received frames (binary or text, any split) are poured into the pipe the engine
/// reads; what the engine writes goes out as one binary message per flush. A message larger than
/// <see cref="MaxMessageBytes"/> closes the connection with 1009 (message too big).
/// </summary>
public sealed class WebSocketPipe : IDuplexPipe
{
    private readonly WebSocket _socket;
    // 64 KiB segments: one receive takes in what a read of nats-server takes, and a flush of the
    // engine usually goes out as a single WebSocket frame.
    private const int Segment = 64 * 1024;
    // The largest frame sent at once: bigger flushes go out as several whole frames.
    private const int MaxFrame = 1024 * 1024;
    private readonly Pipe _fromClient = new(new PipeOptions(pauseWriterThreshold: 4 * 1024 * 1024, resumeWriterThreshold: 2 * 1024 * 1024, minimumSegmentSize: Segment, useSynchronizationContext: false));
    private readonly Pipe _toClient = new(new PipeOptions(pauseWriterThreshold: 1024 * 1024, resumeWriterThreshold: 512 * 1024, minimumSegmentSize: Segment, useSynchronizationContext: false));
    private readonly CancellationTokenSource _aborted = new();

    public WebSocketPipe(WebSocket socket, long maxMessageBytes)
    {
        _socket = socket;
        MaxMessageBytes = maxMessageBytes;
    }

    public long MaxMessageBytes { get; }
    public PipeReader Input => _fromClient.Reader;
    public PipeWriter Output => _toClient.Writer;

    /// <summary>Runs both directions until either side ends.</summary>
    public async Task RunAsync(Func<IDuplexPipe, Action, Task> serve)
    {
        var receiving = ReceiveAsync();
        var sending = SendAsync();
        await serve(this, Abort).ConfigureAwait(false);
        // The engine has completed its output: let the last bytes (a closing -ERR) and the close frame go out.
        try
        {
            await sending.WaitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }
        _aborted.Cancel();
        try
        {
            await Task.WhenAll(receiving, sending).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException or WebSocketException)
        {
        }
        _socket.Abort();
        _socket.Dispose();
    }

    public void Abort()
    {
        _aborted.Cancel();
        _socket.Abort();
        _fromClient.Writer.Complete();
    }

    private async Task ReceiveAsync()
    {
        var writer = _fromClient.Writer;
        long messageBytes = 0;
        try
        {
            while (!_aborted.IsCancellationRequested)
            {
                var memory = writer.GetMemory(Segment);
                var result = await _socket.ReceiveAsync(memory, _aborted.Token).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close) break;
                messageBytes = result.EndOfMessage ? 0 : messageBytes + result.Count;
                if (messageBytes > MaxMessageBytes)
                {
                    await _socket.CloseOutputAsync(WebSocketCloseStatus.MessageTooBig, "message too big", CancellationToken.None).ConfigureAwait(false);
                    break;
                }
                writer.Advance(result.Count);
                var flush = await writer.FlushAsync(_aborted.Token).ConfigureAwait(false);
                if (flush.IsCompleted) break;
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
        }
        await writer.CompleteAsync().ConfigureAwait(false);
    }

    private async Task SendAsync()
    {
        var reader = _toClient.Reader;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(_aborted.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                if (buffer.IsSingleSegment)
                {
                    if (!buffer.IsEmpty) await _socket.SendAsync(buffer.First, WebSocketMessageType.Binary, true, _aborted.Token).ConfigureAwait(false);
                }
                else
                {
                    // One frame for the whole flush: a frame (and a socket write) per segment costs more than a copy.
                    var length = (int)Math.Min(buffer.Length, MaxFrame);
                    var rented = ArrayPool<byte>.Shared.Rent(length);
                    try
                    {
                        var rest = buffer;
                        while (!rest.IsEmpty)
                        {
                            var chunk = rest.Slice(0, Math.Min(rest.Length, MaxFrame));
                            chunk.CopyTo(rented);
                            await _socket.SendAsync(rented.AsMemory(0, (int)chunk.Length), WebSocketMessageType.Binary, true, _aborted.Token).ConfigureAwait(false);
                            rest = rest.Slice(chunk.Length);
                        }
                    }
                    finally
                    {
                        ArrayPool<byte>.Shared.Return(rented);
                    }
                }
                reader.AdvanceTo(buffer.End);
                if (result.IsCompleted) break;
            }
            if (_socket.State == WebSocketState.Open)
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException or InvalidOperationException)
        {
        }
        await reader.CompleteAsync().ConfigureAwait(false);
    }
}

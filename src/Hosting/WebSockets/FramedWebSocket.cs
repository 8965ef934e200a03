using System.Buffers;
using System.IO.Pipelines;

namespace WebBroker.Web.WebSockets;

/// <summary>
/// NATS over an upgraded HTTP/1.1 connection, deframed as nats-server does it: client frames (binary or text, any
/// split, masked) are read straight off the connection's reader and unmasked into the pipe the engine parses;
/// what the engine writes goes out through <see cref="FrameWriter"/>. Pings are answered, a close is echoed,
/// a protocol error or a message over <see cref="MaxMessageBytes"/> closes with 1002 or 1009.
/// Used when no compression is negotiated (ASP.NET's managed WebSocket handles permessage-deflate).
/// </summary>
internal sealed class FramedWebSocket : IDuplexPipe
{
    private readonly PipeReader _transport;
    private readonly FrameWriter _writer;
    private readonly Action _abortTransport;
    // The engine reads inline, on this connection's receive loop: no thread hop per batch of frames.
    private readonly Pipe _fromClient = new(new PipeOptions(readerScheduler: PipeScheduler.Inline, pauseWriterThreshold: 4 * 1024 * 1024,
        resumeWriterThreshold: 2 * 1024 * 1024, minimumSegmentSize: 64 * 1024, useSynchronizationContext: false));
    private readonly CancellationTokenSource _aborted = new();
    private static readonly TimeSpan ControlTimeout = TimeSpan.FromSeconds(5);

    // Where the receive loop is: inside a data frame's payload (_remaining > 0) or between frames.
    private long _remaining;
    private uint _mask;
    private int _maskOffset;
    private long _messageBytes;
    private bool _inMessage;

    public FramedWebSocket(PipeReader transport, PipeWriter output, Action abortTransport, long maxMessageBytes)
    {
        _transport = transport;
        _writer = new FrameWriter(output);
        _abortTransport = abortTransport;
        MaxMessageBytes = maxMessageBytes;
    }

    public long MaxMessageBytes { get; }
    public PipeReader Input => _fromClient.Reader;
    public PipeWriter Output => _writer;

    /// <summary>Runs until the engine is done with the connection; the receive loop feeds it meanwhile.</summary>
    public async Task RunAsync(Func<IDuplexPipe, Action, Task> serve)
    {
        var receiving = ReceiveAsync();
        await serve(this, Abort).ConfigureAwait(false);
        // The engine completed its output (close frame sent) before returning; stop reading.
        _aborted.Cancel();
        _transport.CancelPendingRead();
        try
        {
            await receiving.WaitAsync(ControlTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _abortTransport();
        }
    }

    private void Abort()
    {
        _aborted.Cancel();
        _abortTransport();
        _transport.CancelPendingRead();
        _fromClient.Writer.Complete();
    }

    private async Task ReceiveAsync()
    {
        var engine = _fromClient.Writer;
        try
        {
            while (!_aborted.IsCancellationRequested)
            {
                var result = await _transport.ReadAsync().ConfigureAwait(false);
                if (result.IsCanceled) break;
                var buffer = result.Buffer;
                var outcome = Deframe(ref buffer, engine, out var control);
                // After a control frame the rest is unexamined, so that the next read returns it at once.
                _transport.AdvanceTo(buffer.Start, control is null ? result.Buffer.End : buffer.Start);
                var flush = await engine.FlushAsync().ConfigureAwait(false);
                if (control is { } c) await _writer.WriteControlAsync(c.Opcode, c.Payload, ControlTimeout).ConfigureAwait(false);
                if (outcome == Outcome.Closed || flush.IsCompleted || (result.IsCompleted && control is null)) break;
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or InvalidOperationException or TimeoutException
            or Microsoft.AspNetCore.Connections.ConnectionResetException or Microsoft.AspNetCore.Connections.ConnectionAbortedException)
        {
        }
        await engine.CompleteAsync().ConfigureAwait(false);
        try
        {
            await _transport.CompleteAsync().ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
        }
    }

    private enum Outcome { More, Closed }

    private readonly record struct Control(byte Opcode, byte[] Payload);

    /// <summary>Moves every complete piece of payload in <paramref name="buffer"/> to the engine. Stops at a control
    /// frame, which it returns to be answered (a close or an error ends the connection after its reply).</summary>
    private Outcome Deframe(ref ReadOnlySequence<byte> buffer, PipeWriter engine, out Control? control)
    {
        control = null;
        while (true)
        {
            if (_remaining > 0)
            {
                if (buffer.IsEmpty) return Outcome.More;
                var take = (int)Math.Min(Math.Min(_remaining, buffer.Length), 64 * 1024);
                var destination = engine.GetSpan(take);
                take = Math.Min(take, destination.Length);
                var copied = 0;
                foreach (var segment in buffer.Slice(0, take))
                {
                    WebSocketFrames.Unmask(segment.Span, destination[copied..], _mask, ref _maskOffset);
                    copied += segment.Length;
                }
                engine.Advance(take);
                buffer = buffer.Slice(take);
                _remaining -= take;
                continue;
            }
            if (!WebSocketFrames.TryReadHeader(buffer, out var header)) return Outcome.More;
            if (!header.Masked) return Fail(WebSocketFrames.ProtocolError, "mask bit missing", out control);
            if (header.Rsv != 0) return Fail(WebSocketFrames.ProtocolError, "reserved bits set", out control);
            switch (header.Opcode)
            {
                case WebSocketFrames.Binary or WebSocketFrames.Text or WebSocketFrames.Continuation:
                    if ((header.Opcode == WebSocketFrames.Continuation) != _inMessage)
                        return Fail(WebSocketFrames.ProtocolError, _inMessage ? "new message started before final frame for previous message was received" : "invalid continuation frame", out control);
                    _messageBytes += header.Length;
                    if (_messageBytes > MaxMessageBytes) return Fail(WebSocketFrames.MessageTooBig, "message too big", out control);
                    _inMessage = !header.Fin;
                    if (header.Fin) _messageBytes = 0;
                    _remaining = header.Length;
                    _mask = header.Mask;
                    _maskOffset = 0;
                    buffer = buffer.Slice(header.Size);
                    continue;
                case WebSocketFrames.Close or WebSocketFrames.Ping or WebSocketFrames.Pong:
                    if (header.Length > WebSocketFrames.MaxControlPayload || !header.Fin)
                        return Fail(WebSocketFrames.ProtocolError, "invalid control frame", out control);
                    if (buffer.Length < header.Size + header.Length) return Outcome.More;
                    var payload = new byte[header.Length];
                    var offset = 0;
                    foreach (var segment in buffer.Slice(header.Size, header.Length))
                    {
                        WebSocketFrames.Unmask(segment.Span, payload.AsSpan(offset), header.Mask, ref _maskOffset);
                        offset += segment.Length;
                    }
                    _maskOffset = 0;
                    buffer = buffer.Slice(header.Size + header.Length);
                    if (header.Opcode == WebSocketFrames.Pong) continue;
                    // A close is echoed with its status only; a ping gets its payload back.
                    control = header.Opcode == WebSocketFrames.Close
                        ? new Control(WebSocketFrames.Close, payload[..Math.Min(2, payload.Length)])
                        : new Control(WebSocketFrames.Pong, payload);
                    return header.Opcode == WebSocketFrames.Close ? Outcome.Closed : Outcome.More;
                default:
                    return Fail(WebSocketFrames.ProtocolError, $"unknown opcode {header.Opcode}", out control);
            }
        }
    }

    private static Outcome Fail(ushort status, string reason, out Control? control)
    {
        var payload = new byte[2 + System.Text.Encoding.ASCII.GetByteCount(reason)];
        payload[0] = (byte)(status >> 8);
        payload[1] = (byte)status;
        System.Text.Encoding.ASCII.GetBytes(reason, payload.AsSpan(2));
        control = new Control(WebSocketFrames.Close, payload);
        return Outcome.Closed;
    }
}

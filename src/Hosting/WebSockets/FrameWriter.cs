using System.IO.Pipelines;

namespace WebBroker.Web.WebSockets;

/// <summary>
/// The engine's output, framed straight into the HTTP connection's writer: every <see cref="Advance"/> becomes
/// one binary frame, written in place after room left for its header, so a flush of the engine goes out with
/// no extra copy or hop. Control frames of the reading side (pong, close) share the writer under a gate.
/// </summary>
internal sealed class FrameWriter(PipeWriter transport) : PipeWriter
{
    private static readonly byte[] NormalClose = [WebSocketFrames.NormalClosure >> 8, WebSocketFrames.NormalClosure & 0xFF];
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _held;
    private Memory<byte> _span;
    private int _reserved;
    // RFC 6455 allows one close frame per side.
    private bool _closeSent;

    /// <summary>Room for the header: 4 bytes (payloads of 126 B to 64 KiB) unless the block could hold more.</summary>
    private static int Reserve(int available) => available - 4 > ushort.MaxValue ? 10 : 4;

    public override Memory<byte> GetMemory(int sizeHint = 0)
    {
        Hold();
        var memory = transport.GetMemory(Math.Max(sizeHint, 1) + 10);
        _reserved = Reserve(memory.Length);
        _span = memory;
        return memory[_reserved..];
    }

    public override Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;

    public override void Advance(int bytes)
    {
        if (bytes == 0)
        {
            transport.Advance(0);
            return;
        }
        var span = _span.Span;
        var header = WebSocketFrames.HeaderSize(bytes);
        // The header is smaller than the room left for it: move the payload down to meet it.
        if (header != _reserved) span.Slice(_reserved, bytes).CopyTo(span[header..]);
        WebSocketFrames.WriteHeader(span, WebSocketFrames.Binary, bytes);
        transport.Advance(header + bytes);
        _span = default;
    }

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        Hold();
        var flush = transport.FlushAsync(cancellationToken);
        if (!flush.IsCompleted) return ReleaseAfter(flush);
        Release();
        return flush;
    }

    private async ValueTask<FlushResult> ReleaseAfter(ValueTask<FlushResult> flush)
    {
        try
        {
            return await flush.ConfigureAwait(false);
        }
        finally
        {
            Release();
        }
    }

    /// <summary>Writes one control frame (pong, close) from the reading side between the engine's flushes.</summary>
    public async Task WriteControlAsync(byte opcode, ReadOnlyMemory<byte> payload, TimeSpan timeout)
    {
        if (!await _gate.WaitAsync(timeout).ConfigureAwait(false)) throw new TimeoutException("websocket writer busy");
        try
        {
            if (_closeSent) return;
            _closeSent = opcode == WebSocketFrames.Close;
            WriteControl(opcode, payload.Span);
            await transport.FlushAsync().AsTask().WaitAsync(timeout).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private void WriteControl(byte opcode, ReadOnlySpan<byte> payload)
    {
        var span = transport.GetSpan(2 + payload.Length);
        var header = WebSocketFrames.WriteHeader(span, opcode, payload.Length);
        payload.CopyTo(span[header..]);
        transport.Advance(header + payload.Length);
    }

    /// <summary>The engine is done: a close frame (1000), then the end of the response.</summary>
    public override void Complete(Exception? exception = null) => CompleteAsync(exception).AsTask().GetAwaiter().GetResult();

    public override async ValueTask CompleteAsync(Exception? exception = null)
    {
        if (!_held && !await _gate.WaitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false)) return;
        _held = true;
        try
        {
            if (!_closeSent) WriteControl(WebSocketFrames.Close, NormalClose);
            _closeSent = true;
            await transport.FlushAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException or IOException or OperationCanceledException)
        {
        }
        finally
        {
            Release();
            Completed.TrySetResult();
        }
    }

    /// <summary>Set once the engine has completed its output and the close frame went out (or could not).</summary>
    public TaskCompletionSource Completed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override void CancelPendingFlush() => transport.CancelPendingFlush();

    // The engine writes from one flush at a time; the gate only keeps the reading side's control frames apart.
    private void Hold()
    {
        if (_held) return;
        if (!_gate.Wait(TimeSpan.FromSeconds(10))) throw new IOException("websocket writer busy");
        _held = true;
    }

    private void Release()
    {
        if (!_held) return;
        _held = false;
        _gate.Release();
    }
}

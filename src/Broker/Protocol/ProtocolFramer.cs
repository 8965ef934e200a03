using System.Buffers;

namespace WebBroker.Broker.Protocol;

/// <summary>What a connection does with the operations <see cref="ProtocolFramer"/> finds in its input.
/// Implemented by a small struct over the connection, so that the framer's generic code is compiled
/// for it and every call is direct.</summary>
internal interface IOperationHandler
{
    /// <summary>The longest control line the framer buffers before refusing it.</summary>
    int LineLimit { get; }

    /// <summary>Handles one operation given its control line (without '\n') and the contiguous bytes
    /// after it: returns the payload bytes used after the line, or -1 when it needs
    /// <paramref name="needed"/> bytes after the line and fewer are there, or it closed the connection
    /// (then <paramref name="status"/> is Close).</summary>
    int HandleOperation(ReadOnlySpan<byte> line, ReadOnlySpan<byte> after, out ParseStatus status, out int needed);

    /// <summary>Refuses a control line longer than <see cref="LineLimit"/>: closes, returns Close.</summary>
    ParseStatus LineTooLong();

    /// <summary>The input ends in a line without its newline, starting with <paramref name="start"/> (at
    /// most a verb's length and one more byte): NeedMore to wait for the rest, or Close after refusing it.</summary>
    ParseStatus Incomplete(ReadOnlySpan<byte> start);
}

/// <summary>
/// Cuts a connection's input into operations. Operations that lie whole within one buffer segment
/// (nearly all of them) are handled straight from that span; an operation that straddles segments is
/// gathered once into a scratch buffer; an incomplete one stays unconsumed until the rest arrives, so
/// any split of the input resumes where it stopped. A payload is taken by its announced length, never
/// scanned. Shared by every kind that speaks over a socket; what the operations mean is the handler's.
/// </summary>
internal struct ProtocolFramer
{
    /// <summary>Input handled per batch before flushing and checking for slow consumers, about what one
    /// read of nats-server's read loop holds: it keeps a fast producer's stall proportional.</summary>
    private const long BatchBudget = 64 * 1024;

    /// <summary>What <see cref="IOperationHandler.Incomplete"/> is shown of an unfinished line: enough for the
    /// longest verb (CONNECT) and the byte after it.</summary>
    private const int VerbWindow = 8;

    private byte[]? _lineScratch;
    private byte[]? _payloadScratch;

    /// <summary>Handles complete operations until the input runs out (NeedMore: <paramref name="buffer"/> is
    /// left at the first incomplete one), the batch budget is spent (Budget), or the connection must close.</summary>
    public ParseStatus Parse<T>(T ops, ref ReadOnlySequence<byte> buffer) where T : struct, IOperationHandler
    {
        long handled = 0;
        while (!buffer.IsEmpty)
        {
            if (handled >= BatchBudget) return ParseStatus.Budget;
            var span = buffer.FirstSpan;
            var used = ParseSpan(ops, span, out var status);
            if (status == ParseStatus.Close) return status;
            if (used > 0)
            {
                buffer = buffer.Slice(used);
                handled += used;
                continue;
            }
            if (buffer.IsSingleSegment) return ParseStatus.NeedMore;
            used = ParseStraddling(ops, buffer, out status);
            if (status == ParseStatus.Close) return status;
            if (used == 0) return ParseStatus.NeedMore;
            buffer = buffer.Slice(used);
            handled += used;
        }
        return ParseStatus.NeedMore;
    }

    /// <summary>Handles the complete operations at the start of a contiguous span; returns the bytes used.</summary>
    private static int ParseSpan<T>(T ops, ReadOnlySpan<byte> span, out ParseStatus status) where T : struct, IOperationHandler
    {
        var used = 0;
        status = ParseStatus.NeedMore;
        while (used < span.Length && used < BatchBudget)
        {
            var rest = span[used..];
            var newline = rest.IndexOf((byte)'\n');
            if (newline < 0)
            {
                // No complete line yet: refuse to buffer more than a control line may hold, or a verb this kind may not send.
                status = rest.Length > ops.LineLimit ? ops.LineTooLong() : ops.Incomplete(rest[..Math.Min(rest.Length, VerbWindow)]);
                return used;
            }
            var n = ops.HandleOperation(rest[..newline], rest[(newline + 1)..], out status, out _);
            if (n < 0) return used;
            used += newline + 1 + n;
        }
        return used;
    }

    /// <summary>One operation whose bytes span buffer segments: its control line, then (for operations with a
    /// payload) the payload, are made contiguous in scratch buffers. Returns the bytes used, 0 if incomplete.</summary>
    private int ParseStraddling<T>(T ops, in ReadOnlySequence<byte> buffer, out ParseStatus status) where T : struct, IOperationHandler
    {
        status = ParseStatus.NeedMore;
        var newline = buffer.PositionOf((byte)'\n');
        var limit = ops.LineLimit;
        if (newline is null)
        {
            if (buffer.Length > limit)
            {
                status = ops.LineTooLong();
                return 0;
            }
            Span<byte> start = stackalloc byte[VerbWindow];
            var shown = (int)Math.Min(buffer.Length, VerbWindow);
            buffer.Slice(0, shown).CopyTo(start);
            status = ops.Incomplete(start[..shown]);
            return 0;
        }
        var lineSeq = buffer.Slice(0, newline.Value);
        if (lineSeq.Length > limit)
        {
            status = ops.LineTooLong();
            return 0;
        }
        var line = lineSeq.IsSingleSegment ? lineSeq.FirstSpan : CopyToScratch(lineSeq, ref _lineScratch);
        var rest = buffer.Slice(buffer.GetPosition(1, newline.Value));
        // First pass with what is contiguous: operations without payload finish here; PUB says how much it needs.
        var n = ops.HandleOperation(line, rest.FirstSpan, out status, out var needed);
        if (n >= 0 || status == ParseStatus.Close) return n < 0 ? 0 : (int)lineSeq.Length + 1 + n;
        if (rest.Length < needed) return 0;
        var payload = CopyToScratch(rest.Slice(0, needed), ref _payloadScratch);
        n = ops.HandleOperation(line, payload, out status, out _);
        return n < 0 ? 0 : (int)lineSeq.Length + 1 + n;
    }

    private static ReadOnlySpan<byte> CopyToScratch(in ReadOnlySequence<byte> sequence, ref byte[]? scratch)
    {
        var length = (int)sequence.Length;
        if (scratch is null || scratch.Length < length)
        {
            if (scratch is not null) ArrayPool<byte>.Shared.Return(scratch);
            scratch = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1024));
        }
        sequence.CopyTo(scratch);
        return scratch.AsSpan(0, length);
    }

    /// <summary>Returns the scratch buffers (the connection has ended).</summary>
    public void Release()
    {
        if (_lineScratch is not null) ArrayPool<byte>.Shared.Return(_lineScratch);
        if (_payloadScratch is not null) ArrayPool<byte>.Shared.Return(_payloadScratch);
        _lineScratch = _payloadScratch = null;
    }
}

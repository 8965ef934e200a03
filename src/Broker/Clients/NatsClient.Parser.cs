using System.Buffers;
using WebBroker.Broker.Protocol;

namespace WebBroker.Broker.Clients;

/// <summary>
/// The protocol parser. Operations that lie whole within one buffer segment (nearly all of them)
/// are handled straight from that span; an operation that straddles segments is gathered once into
/// a scratch buffer; an incomplete one stays unconsumed until the rest arrives, so any split of the
/// input resumes where it stopped. A payload is taken by its announced length, never scanned.
/// </summary>
public sealed partial class NatsClient
{
    private enum Op { Unknown, Pub, Hpub, Sub, Unsub, Ping, Pong, Connect, Info, Ok, Err }

    /// <summary>Input handled per batch before flushing and checking for slow consumers, about what one
    /// read of nats-server's read loop holds: it keeps a fast producer's stall proportional.</summary>
    private const long BatchBudget = 64 * 1024;

    private byte[]? _lineScratch;
    private byte[]? _payloadScratch;

    /// <summary>Handles complete operations until the input runs out (NeedMore: <paramref name="buffer"/> is
    /// left at the first incomplete one), the batch budget is spent (Budget), or the connection must close.</summary>
    private protected override ParseStatus Parse(ref ReadOnlySequence<byte> buffer)
    {
        long handled = 0;
        while (!buffer.IsEmpty)
        {
            if (handled >= BatchBudget) return ParseStatus.Budget;
            var span = buffer.FirstSpan;
            var used = ParseSpan(span, out var status);
            if (status == ParseStatus.Close) return status;
            if (used > 0)
            {
                buffer = buffer.Slice(used);
                handled += used;
                continue;
            }
            if (buffer.IsSingleSegment) return ParseStatus.NeedMore;
            used = ParseStraddling(buffer, out status);
            if (status == ParseStatus.Close) return status;
            if (used == 0) return ParseStatus.NeedMore;
            buffer = buffer.Slice(used);
            handled += used;
        }
        return ParseStatus.NeedMore;
    }

    /// <summary>Handles the complete operations at the start of a contiguous span; returns the bytes used.</summary>
    private int ParseSpan(ReadOnlySpan<byte> span, out ParseStatus status)
    {
        var used = 0;
        status = ParseStatus.NeedMore;
        while (used < span.Length && used < BatchBudget)
        {
            var rest = span[used..];
            var newline = rest.IndexOf((byte)'\n');
            if (newline < 0)
            {
                // No complete line yet: refuse to buffer more than a control line may hold.
                if (rest.Length > _server.Options.MaxControlLine + 16) status = Fail(ControlLineTooLong());
                return used;
            }
            var n = HandleOperation(rest[..newline], rest[(newline + 1)..], out status);
            if (n < 0) return used;
            used += newline + 1 + n;
        }
        return used;
    }

    /// <summary>One operation whose bytes span buffer segments: its control line, then (for PUB and
    /// HPUB) its payload, are made contiguous in scratch buffers. Returns the bytes used, 0 if incomplete.</summary>
    private int ParseStraddling(in ReadOnlySequence<byte> buffer, out ParseStatus status)
    {
        status = ParseStatus.NeedMore;
        var newline = buffer.PositionOf((byte)'\n');
        var limit = _server.Options.MaxControlLine + 16;
        if (newline is null)
        {
            if (buffer.Length > limit) status = Fail(ControlLineTooLong());
            return 0;
        }
        var lineSeq = buffer.Slice(0, newline.Value);
        if (lineSeq.Length > limit)
        {
            status = Fail(ControlLineTooLong());
            return 0;
        }
        var line = lineSeq.IsSingleSegment ? lineSeq.FirstSpan : CopyToScratch(lineSeq, ref _lineScratch);
        var rest = buffer.Slice(buffer.GetPosition(1, newline.Value));
        // First pass with what is contiguous: operations without payload finish here; PUB says how much it needs.
        var n = HandleOperation(line, rest.FirstSpan, out status, out var needed);
        if (n >= 0 || status == ParseStatus.Close) return n < 0 ? 0 : (int)lineSeq.Length + 1 + n;
        if (rest.Length < needed) return 0;
        var payload = CopyToScratch(rest.Slice(0, needed), ref _payloadScratch);
        n = HandleOperation(line, payload, out status);
        return n < 0 ? 0 : (int)lineSeq.Length + 1 + n;
    }

    private int HandleOperation(ReadOnlySpan<byte> line, ReadOnlySpan<byte> after, out ParseStatus status) =>
        HandleOperation(line, after, out status, out _);

    /// <summary>
    /// Handles one operation given its control line (without '\n') and the contiguous bytes after it.
    /// Returns the payload bytes used after the line (0 for most operations), or -1 when the operation
    /// needs <paramref name="needed"/> bytes after the line and fewer are there, or it closed the connection
    /// (then <paramref name="status"/> is Close).
    /// </summary>
    private int HandleOperation(ReadOnlySpan<byte> line, ReadOnlySpan<byte> after, out ParseStatus status, out int needed)
    {
        status = ParseStatus.NeedMore;
        needed = 0;
        if (!line.IsEmpty && line[^1] == (byte)'\r') line = line[..^1];
        var op = Classify(line, out var args);
        // An unknown operation may be a mistyped CONNECT: it is redacted too.
        if (Tracing) TraceIn(line, op is Op.Connect or Op.Unknown);
        if (op != Op.Unknown && args.Length > _server.Options.MaxControlLine)
            return Fail(ControlLineTooLong(), out status);
        if (!_connectReceived && !Trusted && _server.Authenticator.Required(Transport) && op != Op.Connect)
        {
            Close(ClosedReason.AuthenticationViolation, ProtocolErrors.AuthorizationViolation);
            return Fail(false, out status);
        }
        switch (op)
        {
            case Op.Pub:
            case Op.Hpub:
                return ProcessPub(args, op == Op.Hpub, after, out status, out needed);
            case Op.Sub:
                return ProcessSub(args) ? 0 : Fail(false, out status);
            case Op.Unsub:
                return ProcessUnsub(args) ? 0 : Fail(false, out status);
            case Op.Ping:
                Reply(ProtocolLiterals.Pong);
                SendPendingInfo();
                return 0;
            case Op.Pong:
                ProcessPong();
                return 0;
            case Op.Connect:
                return ProcessConnect(args) ? 0 : Fail(false, out status);
            case Op.Info:
            case Op.Ok:
                return 0;
            case Op.Err:
                Close(ClosedReason.ClientClosed);
                return Fail(false, out status);
            default:
                Close(ClosedReason.ParseError, ProtocolErrors.UnknownOperation);
                return Fail(false, out status);
        }
    }

    private static int Fail(bool _, out ParseStatus status)
    {
        status = ParseStatus.Close;
        return -1;
    }

    private static ParseStatus Fail(bool _) => ParseStatus.Close;

    private bool ControlLineTooLong()
    {
        Close(ClosedReason.MaxControlLineExceeded, ProtocolErrors.MaxControlLine);
        return false;
    }

    /// <summary>Names the operation of a line (case-insensitive) and returns its arguments.</summary>
    private static Op Classify(ReadOnlySpan<byte> line, out ReadOnlySpan<byte> args)
    {
        args = default;
        if (line.Length >= 4)
        {
            // The hot verbs first: one 32-bit compare, lower-cased.
            var word = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(line) | 0x20202020u;
            if (word == PubWord && line[3] == (byte)' ') return WithArgs(line, 3, Op.Pub, out args);
            if (word == HpubWord && line.Length > 4 && line[4] is (byte)' ' or (byte)'\t') return WithArgs(line, 4, Op.Hpub, out args);
        }
        var end = 0;
        while (end < line.Length && line[end] is not ((byte)' ' or (byte)'\t')) end++;
        // nats-server needs no blank between CONNECT and its JSON.
        if (line.Length > 7 && line[7] == (byte)'{' && IsConnectVerb(line[..7]))
        {
            args = line[7..];
            return Op.Connect;
        }
        if (end is 0 or > 7) return Op.Unknown;
        Span<byte> lower = stackalloc byte[8];
        for (var i = 0; i < end; i++) lower[i] = (byte)(line[i] | 0x20);
        var v = lower[..end];
        var rest = line[end..].TrimStart(" \t"u8);
        args = rest;
        if (end < line.Length)
        {
            if (v.SequenceEqual("pub"u8)) return Op.Pub;
            if (v.SequenceEqual("hpub"u8)) return Op.Hpub;
            if (v.SequenceEqual("sub"u8)) return Op.Sub;
            if (v.SequenceEqual("unsub"u8)) return Op.Unsub;
            if (v.SequenceEqual("connect"u8)) return Op.Connect;
            if (v.SequenceEqual("info"u8)) return Op.Info;
            if (v.SequenceEqual("-err"u8)) return Op.Err;
        }
        if (!rest.IsEmpty) return Op.Unknown;
        // A bare CONNECT is a CONNECT with bad JSON: closed without an -ERR, as nats-server does.
        if (v.SequenceEqual("connect"u8)) return Op.Connect;
        if (v.SequenceEqual("ping"u8)) return Op.Ping;
        if (v.SequenceEqual("pong"u8)) return Op.Pong;
        if (v.SequenceEqual("+ok"u8)) return Op.Ok;
        if (v.SequenceEqual("-err"u8)) return Op.Err;
        return Op.Unknown;
    }

    private static bool IsConnectVerb(ReadOnlySpan<byte> verb)
    {
        for (var i = 0; i < verb.Length; i++)
            if ((verb[i] | 0x20) != "connect"u8[i]) return false;
        return true;
    }

    // "pub " and "hpub" as little-endian words, lower-cased (' ' | 0x20 is still ' ', and '\t' | 0x20 is ')').
    private const uint PubWord = 'p' | ('u' << 8) | ('b' << 16) | ((uint)' ' << 24);
    private const uint HpubWord = 'h' | ('p' << 8) | ('u' << 16) | ((uint)'b' << 24);

    private static Op WithArgs(ReadOnlySpan<byte> line, int verbLength, Op op, out ReadOnlySpan<byte> args)
    {
        args = line[verbLength..].TrimStart(" \t"u8);
        return op;
    }

    /// <summary>Up to four space- or tab-separated arguments, as ranges of the argument span.</summary>
    private static int SplitArgs(ReadOnlySpan<byte> args, Span<Range> ranges)
    {
        var count = 0;
        var start = -1;
        for (var i = 0; i <= args.Length; i++)
        {
            var space = i == args.Length || args[i] is (byte)' ' or (byte)'\t';
            if (space)
            {
                if (start >= 0)
                {
                    if (count == ranges.Length) return ranges.Length + 1;
                    ranges[count++] = new Range(start, i);
                    start = -1;
                }
            }
            else if (start < 0)
            {
                start = i;
            }
        }
        return count;
    }

    /// <summary>A decimal size as nats-server reads it: digits only, -1 for anything else or an overflow.</summary>
    internal static long ParseSize(ReadOnlySpan<byte> digits)
    {
        if (digits.IsEmpty || digits.Length > 18) return -1;
        long n = 0;
        foreach (var b in digits)
        {
            if (b is < (byte)'0' or > (byte)'9') return -1;
            n = n * 10 + (b - '0');
        }
        return n;
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

    private protected override void OnFinished() => ReturnScratch();

    private void ReturnScratch()
    {
        if (_lineScratch is not null) ArrayPool<byte>.Shared.Return(_lineScratch);
        if (_payloadScratch is not null) ArrayPool<byte>.Shared.Return(_payloadScratch);
        _lineScratch = _payloadScratch = null;
    }
}

using System.Buffers;
using WebBroker.Broker.Protocol;

namespace WebBroker.Broker.Clients;

/// <summary>
/// The protocol parser. Every complete operation in the read buffer is handled in place; an
/// operation split across reads stays unconsumed until the rest arrives, so any split of the input
/// resumes where it stopped. A control line that spans buffer segments is copied once to a scratch
/// buffer; a payload is taken by its announced length, never scanned.
/// </summary>
public sealed partial class NatsClient
{
    private enum Op { Unknown, Pub, Hpub, Sub, Unsub, Ping, Pong, Connect, Info, Ok, Err }

    private byte[]? _lineScratch;
    private byte[]? _payloadScratch;

    private enum ParseStatus { NeedMore, Budget, Close }

    /// <summary>Input handled per batch before flushing and checking for slow consumers, as a read of
    /// nats-server's read loop would hold: it keeps a fast producer's stall proportional.</summary>
    private const long BatchBudget = 64 * 1024;

    /// <summary>Handles complete operations until the input runs out (NeedMore: <paramref name="buffer"/> is left at
    /// the first incomplete one) or the batch budget is spent (Budget), or the connection must close.</summary>
    private ParseStatus Parse(ref ReadOnlySequence<byte> buffer)
    {
        var status = ParseCore(ref buffer, out var budgetSpent);
        return status ? (budgetSpent ? ParseStatus.Budget : ParseStatus.NeedMore) : ParseStatus.Close;
    }

    private bool ParseCore(ref ReadOnlySequence<byte> buffer, out bool budgetSpent)
    {
        var maxLine = _server.Options.MaxControlLine;
        var startLength = buffer.Length;
        budgetSpent = false;
        while (!buffer.IsEmpty)
        {
            if (startLength - buffer.Length >= BatchBudget)
            {
                budgetSpent = true;
                return true;
            }
            var newline = buffer.PositionOf((byte)'\n');
            if (newline is null)
            {
                // No complete line yet: refuse to buffer more than a control line may hold.
                if (buffer.Length > maxLine + 16) return ControlLineTooLong();
                return true;
            }
            var lineSeq = buffer.Slice(0, newline.Value);
            if (lineSeq.Length > maxLine + 16) return ControlLineTooLong();
            var line = lineSeq.IsSingleSegment ? lineSeq.FirstSpan : CopyToScratch(lineSeq, ref _lineScratch);
            if (!line.IsEmpty && line[^1] == (byte)'\r') line = line[..^1];
            var rest = buffer.Slice(buffer.GetPosition(1, newline.Value));

            var op = Classify(line, out var args);
            if (op is not (Op.Unknown or Op.Connect) && args.Length > maxLine) return ControlLineTooLong();
            if (!_connectReceived && _server.AuthRequired && op != Op.Connect)
            {
                Close(ClosedReason.AuthenticationViolation, ProtocolErrors.AuthorizationViolation);
                return false;
            }
            switch (op)
            {
                case Op.Pub:
                case Op.Hpub:
                    {
                        var status = ProcessPubLine(args, op == Op.Hpub, ref rest);
                        if (status == PubStatus.NeedMore) return true;
                        if (status == PubStatus.Close) return false;
                        break;
                    }
                case Op.Sub:
                    if (!ProcessSub(args)) return false;
                    break;
                case Op.Unsub:
                    if (!ProcessUnsub(args)) return false;
                    break;
                case Op.Ping:
                    Reply(ProtocolLiterals.Pong);
                    break;
                case Op.Pong:
                    ProcessPong();
                    break;
                case Op.Connect:
                    if (!ProcessConnect(args)) return false;
                    break;
                case Op.Info:
                case Op.Ok:
                    break;
                case Op.Err:
                    Close(ClosedReason.ClientClosed);
                    return false;
                default:
                    Close(ClosedReason.ParseError, ProtocolErrors.UnknownOperation);
                    return false;
            }
            buffer = rest;
        }
        return true;
    }

    private bool ControlLineTooLong()
    {
        Close(ClosedReason.MaxControlLineExceeded, ProtocolErrors.MaxControlLine);
        return false;
    }

    /// <summary>Names the operation of a line (case-insensitive) and returns its arguments.</summary>
    private static Op Classify(ReadOnlySpan<byte> line, out ReadOnlySpan<byte> args)
    {
        args = default;
        var end = 0;
        while (end < line.Length && line[end] is not ((byte)' ' or (byte)'\t')) end++;
        var verb = line[..end];
        var rest = line[end..].TrimStart(" \t"u8);
        var hasArgs = end < line.Length;
        Span<byte> lower = stackalloc byte[8];
        if (verb.Length is 0 or > 7) return Op.Unknown;
        for (var i = 0; i < verb.Length; i++) lower[i] = (byte)(verb[i] | 0x20);
        var v = lower[..verb.Length];
        args = rest;
        if (hasArgs)
        {
            if (v.SequenceEqual("pub"u8)) return Op.Pub;
            if (v.SequenceEqual("hpub"u8)) return Op.Hpub;
            if (v.SequenceEqual("sub"u8)) return Op.Sub;
            if (v.SequenceEqual("unsub"u8)) return Op.Unsub;
            if (v.SequenceEqual("connect"u8)) return Op.Connect;
            if (v.SequenceEqual("info"u8)) return Op.Info;
            if (v.SequenceEqual("-err"u8)) return Op.Err;
        }
        if (!rest.IsEmpty) return v.SequenceEqual("-err"u8) ? Op.Err : Op.Unknown;
        if (v.SequenceEqual("ping"u8)) return Op.Ping;
        if (v.SequenceEqual("pong"u8)) return Op.Pong;
        if (v.SequenceEqual("+ok"u8)) return Op.Ok;
        if (v.SequenceEqual("-err"u8)) return Op.Err;
        return Op.Unknown;
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

    private void ReturnScratch()
    {
        if (_lineScratch is not null) ArrayPool<byte>.Shared.Return(_lineScratch);
        if (_payloadScratch is not null) ArrayPool<byte>.Shared.Return(_payloadScratch);
        _lineScratch = _payloadScratch = null;
    }
}

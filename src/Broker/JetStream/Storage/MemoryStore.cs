using System.Buffers;

namespace WebBroker.Broker.JetStream.Storage;

/// <summary>
/// Messages in memory (nats-server's memory storage): a dictionary by sequence, each message in one buffer
/// rented from the shared pool and returned when the message goes. Nothing survives the process.
/// </summary>
public sealed class MemoryStore(StreamStoreConfig config, TimeProvider? clock = null) : StreamStoreBase(config, clock)
{
    private sealed class Entry(string subject, long ts, ulong size, byte[] buffer, int headerLength, int dataLength)
    {
        public readonly string Subject = subject;
        public readonly long Ts = ts;
        public readonly ulong Size = size;
        public readonly byte[] Buffer = buffer;
        public readonly int HeaderLength = headerLength;
        public readonly int DataLength = dataLength;
    }

    private Dictionary<ulong, Entry> _msgs = [];

    public override StorageType Type => StorageType.Memory;

    /// <summary>As nats-server's memory store counts it: subject, header and payload, and 16 bytes for sequence and time.</summary>
    private protected override ulong MsgSize(int subjectLength, int headerLength, int dataLength) =>
        (ulong)(subjectLength + headerLength + dataLength + 16);

    private protected override void WriteMsg(string subject, ulong seq, long ts, ulong size, ReadOnlyMemory<byte> header, ReadOnlyMemory<byte> data)
    {
        var total = header.Length + data.Length;
        var buffer = total == 0 ? [] : ArrayPool<byte>.Shared.Rent(total);
        header.Span.CopyTo(buffer);
        data.Span.CopyTo(buffer.AsSpan(header.Length));
        _msgs[seq] = new Entry(subject, ts, size, buffer, header.Length, data.Length);
    }

    private protected override bool ReadMsg(ulong seq, StoreMsg into)
    {
        if (!_msgs.TryGetValue(seq, out var e)) return false;
        into.Set(e.Subject, seq, e.Ts, e.Buffer.AsSpan(0, e.HeaderLength), e.Buffer.AsSpan(e.HeaderLength, e.DataLength));
        return true;
    }

    private protected override bool ReadMeta(ulong seq, out string subject, out ulong size, out long ts)
    {
        if (_msgs.TryGetValue(seq, out var e))
        {
            (subject, size, ts) = (e.Subject, e.Size, e.Ts);
            return true;
        }
        (subject, size, ts) = ("", 0, 0);
        return false;
    }

    private protected override void DeleteMsg(ulong seq, bool erase)
    {
        if (_msgs.Remove(seq, out var e)) Release(e, erase);
    }

    private static void Release(Entry e, bool erase)
    {
        if (e.Buffer.Length == 0) return;
        if (erase) e.Buffer.AsSpan().Clear();
        ArrayPool<byte>.Shared.Return(e.Buffer);
    }

    private protected override void DeleteRange(ulong first, ulong last)
    {
        if (first > last) return;
        if (last - first + 1 >= (ulong)_msgs.Count)
        {
            // Cheaper to walk the messages than the range.
            var keep = new Dictionary<ulong, Entry>();
            foreach (var (seq, e) in _msgs)
            {
                if (seq >= first && seq <= last) Release(e, erase: false);
                else keep[seq] = e;
            }
            _msgs = keep;
            return;
        }
        for (var seq = first; seq <= last && seq != 0; seq++) DeleteMsg(seq, erase: false);
    }

    private protected override ulong NextSeq(ulong from, ulong to, string? filter)
    {
        var all = SubjectIndex.IsAll(filter);
        for (var seq = from; seq <= to && seq != 0; seq++)
            if (_msgs.TryGetValue(seq, out var e) && (all || SubjectIndex.Matches(filter, e.Subject))) return seq;
        return 0;
    }

    private protected override ulong PrevSeq(ulong from, ulong downTo, string? filter)
    {
        var all = SubjectIndex.IsAll(filter);
        for (var seq = from; seq >= downTo && seq != 0; seq--)
            if (_msgs.TryGetValue(seq, out var e) && (all || SubjectIndex.Matches(filter, e.Subject))) return seq;
        return 0;
    }

    private protected override void Scan(ulong first, ulong last, MetaVisitor visit)
    {
        for (var seq = first; seq <= last && seq != 0; seq++)
            if (_msgs.TryGetValue(seq, out var e) && !visit(seq, e.Subject, e.Size, e.Ts)) return;
    }

    public override void Delete() => Dispose();

    private protected override void Close()
    {
        lock (Sync)
        {
            foreach (var e in _msgs.Values) Release(e, erase: false);
            _msgs = [];
        }
    }
}

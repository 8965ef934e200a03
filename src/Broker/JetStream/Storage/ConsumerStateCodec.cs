namespace WebBroker.Broker.JetStream.Storage;

/// <summary>
/// A consumer's state as bytes for the file store: a version byte, then variable-length integers (delivered and
/// ack floor pairs, the pending entries with their delivery times, the redelivery counts). Pending and
/// redelivered stream sequences are written relative to the ack floor, so they stay small.
/// </summary>
internal static class ConsumerStateCodec
{
    private const byte Version = 1;

    public static byte[] Encode(ConsumerState state)
    {
        using var stream = new MemoryStream(32 + state.Pending.Count * 16 + state.Redelivered.Count * 6);
        using (var w = new BinaryWriter(stream))
        {
            w.Write(Version);
            w.Write7BitEncodedInt64((long)state.Delivered.Consumer);
            w.Write7BitEncodedInt64((long)state.Delivered.Stream);
            w.Write7BitEncodedInt64((long)state.AckFloor.Consumer);
            w.Write7BitEncodedInt64((long)state.AckFloor.Stream);
            var floor = state.AckFloor.Stream;
            w.Write7BitEncodedInt64(state.Pending.Count);
            foreach (var (seq, p) in state.Pending)
            {
                w.Write7BitEncodedInt64((long)(seq - floor));
                w.Write7BitEncodedInt64((long)p.Sequence);
                w.Write7BitEncodedInt64(p.Timestamp);
            }
            w.Write7BitEncodedInt64(state.Redelivered.Count);
            foreach (var (seq, count) in state.Redelivered)
            {
                w.Write7BitEncodedInt64((long)(seq - floor));
                w.Write7BitEncodedInt64((long)count);
            }
        }
        return stream.ToArray();
    }

    /// <exception cref="StoreException">The bytes are not a state this codec wrote.</exception>
    public static ConsumerState Decode(byte[] bytes)
    {
        try
        {
            using var r = new BinaryReader(new MemoryStream(bytes));
            if (r.ReadByte() != Version) throw new StoreException("consumer state has an unknown version");
            var state = new ConsumerState
            {
                Delivered = new SequencePair((ulong)r.Read7BitEncodedInt64(), (ulong)r.Read7BitEncodedInt64()),
                AckFloor = new SequencePair((ulong)r.Read7BitEncodedInt64(), (ulong)r.Read7BitEncodedInt64()),
            };
            var floor = state.AckFloor.Stream;
            for (var n = r.Read7BitEncodedInt64(); n > 0; n--)
            {
                var seq = floor + (ulong)r.Read7BitEncodedInt64();
                state.Pending[seq] = new PendingDelivery((ulong)r.Read7BitEncodedInt64(), r.Read7BitEncodedInt64());
            }
            for (var n = r.Read7BitEncodedInt64(); n > 0; n--)
            {
                var seq = floor + (ulong)r.Read7BitEncodedInt64();
                state.Redelivered[seq] = (ulong)r.Read7BitEncodedInt64();
            }
            return state;
        }
        catch (Exception e) when (e is EndOfStreamException or FormatException)
        {
            throw new StoreException("consumer state is truncated or corrupt", e);
        }
    }
}

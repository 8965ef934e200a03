namespace WebBroker.Broker.JetStream.Storage;

/// <summary>
/// One stored message as a load returns it. A caller that loads many messages passes the same instance back
/// in (<c>reuse</c>), so its buffer grows once and is then reused: loads do not allocate per message.
/// The header is the raw NATS header block ("NATS/1.0\r\n..."), empty when the message had none.
/// </summary>
public sealed class StoreMsg
{
    private byte[] _buffer = [];
    private int _headerLength;
    private int _dataLength;

    public string Subject { get; private set; } = "";
    public ulong Sequence { get; private set; }
    /// <summary>Nanoseconds since the Unix epoch.</summary>
    public long Timestamp { get; private set; }
    public ReadOnlyMemory<byte> Header => _buffer.AsMemory(0, _headerLength);
    public ReadOnlyMemory<byte> Data => _buffer.AsMemory(_headerLength, _dataLength);

    /// <summary>Sets the fields and returns the buffer to fill: the header from 0, the payload right after it.</summary>
    internal byte[] Prepare(string subject, ulong sequence, long timestamp, int headerLength, int dataLength)
    {
        var total = headerLength + dataLength;
        if (_buffer.Length < total) _buffer = new byte[Math.Max(total, Math.Min(_buffer.Length * 2, 1 << 20))];
        Subject = subject;
        Sequence = sequence;
        Timestamp = timestamp;
        _headerLength = headerLength;
        _dataLength = dataLength;
        return _buffer;
    }

    internal void Set(string subject, ulong sequence, long timestamp, ReadOnlySpan<byte> header, ReadOnlySpan<byte> data)
    {
        var buffer = Prepare(subject, sequence, timestamp, header.Length, data.Length);
        header.CopyTo(buffer);
        data.CopyTo(buffer.AsSpan(header.Length));
    }
}

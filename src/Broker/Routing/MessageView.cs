namespace WebBroker.Broker.Routing;

/// <summary>
/// One message as it passes through the router, borrowed from the publisher's buffer: nothing is
/// copied unless a receiver needs to keep it (an internal subscriber's queue).
/// <see cref="Payload"/> is the message as on the wire: headers (when <see cref="WithHeaders"/>) then body.
/// </summary>
public readonly ref struct MessageView(ReadOnlySpan<byte> subject, ReadOnlySpan<byte> reply, int headerSize, bool withHeaders, ReadOnlySpan<byte> payload)
{
    public ReadOnlySpan<byte> Subject { get; } = subject;
    public ReadOnlySpan<byte> Reply { get; } = reply;
    public int HeaderSize { get; } = headerSize;
    public bool WithHeaders { get; } = withHeaders;
    public ReadOnlySpan<byte> Payload { get; } = payload;
    public ReadOnlySpan<byte> Headers => WithHeaders ? Payload[..HeaderSize] : default;
    public ReadOnlySpan<byte> Body => WithHeaders ? Payload[HeaderSize..] : Payload;

    /// <summary>The same message on another subject and reply (mappings, imports, reply routes).</summary>
    public MessageView With(ReadOnlySpan<byte> subject, ReadOnlySpan<byte> reply) => new(subject, reply, HeaderSize, WithHeaders, Payload);
}

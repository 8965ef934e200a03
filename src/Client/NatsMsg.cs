namespace WebBroker.Client;

/// <summary>A received message. Headers are the raw NATS/1.0 block (null when the message had none).</summary>
public sealed record NatsMsg(string Subject, string? ReplyTo, string? Headers, ReadOnlyMemory<byte> Data)
{
    public string Text => System.Text.Encoding.UTF8.GetString(Data.Span);

    /// <summary>The status code of a status message ("NATS/1.0 503" gives 503), or 0.</summary>
    public int Status =>
        Headers is { Length: >= 12 } h && h.StartsWith("NATS/1.0 ", StringComparison.Ordinal) && int.TryParse(h.AsSpan(9, 3), out var code)
            ? code : 0;
}

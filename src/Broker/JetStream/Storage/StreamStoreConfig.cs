namespace WebBroker.Broker.JetStream.Storage;

/// <summary>
/// The part of a stream's configuration a store applies by itself on every store: the limits and the discard
/// policy. A limit of zero or less means none, as in nats-server's stream config. <see cref="Definition"/> is
/// opaque to the store: the stream layer keeps its whole API configuration (JSON) there so that a file store
/// can be recovered at start-up without another file.
/// </summary>
public sealed record StreamStoreConfig
{
    public required string Name { get; init; }
    public long MaxMsgs { get; init; } = -1;
    public long MaxBytes { get; init; } = -1;
    public TimeSpan MaxAge { get; init; }
    public long MaxMsgsPerSubject { get; init; } = -1;
    public DiscardPolicy Discard { get; init; }
    /// <summary>With <see cref="DiscardPolicy.New"/>: a subject at <see cref="MaxMsgsPerSubject"/> refuses new
    /// messages instead of dropping its oldest.</summary>
    public bool DiscardNewPerSubject { get; init; }
    public string? Definition { get; init; }
}

namespace WebBroker.Broker.JetStream.Storage;

/// <summary>Ack policies, as a consumer's state depends on them.</summary>
public enum AckPolicy
{
    None,
    All,
    Explicit,
}

/// <summary>
/// What a consumer store needs of its consumer's configuration: the ack policy and max_deliver (zero or less:
/// unlimited). <see cref="Definition"/> is opaque: the consumer layer keeps its whole API configuration (JSON)
/// there so that durable consumers can be recovered at start-up.
/// </summary>
public sealed record ConsumerStoreConfig
{
    public AckPolicy AckPolicy { get; init; } = AckPolicy.Explicit;
    public long MaxDeliver { get; init; } = -1;
    public string? Definition { get; init; }
}

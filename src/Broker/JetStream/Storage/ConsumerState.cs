namespace WebBroker.Broker.JetStream.Storage;

/// <summary>A consumer sequence and the stream sequence of the same message.</summary>
public readonly record struct SequencePair(ulong Consumer, ulong Stream);

/// <summary>A delivered message awaiting its ack: the consumer sequence of its first delivery and the time
/// (nanoseconds since the Unix epoch) of its last delivery.</summary>
public readonly record struct PendingDelivery(ulong Sequence, long Timestamp);

/// <summary>
/// A consumer's durable state, as nats-server's ConsumerState: what was delivered, the ack floor, the messages
/// awaiting an ack (by stream sequence) and how many times each redelivered message went out beyond the first.
/// </summary>
public sealed class ConsumerState
{
    public SequencePair Delivered { get; set; }
    public SequencePair AckFloor { get; set; }
    public Dictionary<ulong, PendingDelivery> Pending { get; init; } = [];
    public Dictionary<ulong, ulong> Redelivered { get; init; } = [];

    public ConsumerState Clone() => new()
    {
        Delivered = Delivered,
        AckFloor = AckFloor,
        Pending = new Dictionary<ulong, PendingDelivery>(Pending),
        Redelivered = new Dictionary<ulong, ulong>(Redelivered),
    };
}

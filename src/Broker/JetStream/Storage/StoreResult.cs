namespace WebBroker.Broker.JetStream.Storage;

/// <summary>The outcome of storing one message: its sequence and timestamp (nanoseconds since the Unix epoch),
/// or why it was refused.</summary>
public readonly record struct StoreResult(ulong Sequence, long Timestamp, StoreError Error)
{
    public bool Ok => Error == StoreError.None;
    public static StoreResult Refused(StoreError error) => new(0, 0, error);
}

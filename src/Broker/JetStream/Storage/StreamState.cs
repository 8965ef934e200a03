namespace WebBroker.Broker.JetStream.Storage;

/// <summary>
/// A stream's state as its INFO reports it. Times are nanoseconds since the Unix epoch, zero when there is no
/// message. <see cref="Deleted"/> (the interior deletes between first and last) is filled only when asked for,
/// since it costs a scan; <see cref="NumDeleted"/> is always there.
/// </summary>
public sealed record StreamState
{
    public ulong Msgs { get; init; }
    public ulong Bytes { get; init; }
    public ulong FirstSeq { get; init; }
    public long FirstTime { get; init; }
    public ulong LastSeq { get; init; }
    public long LastTime { get; init; }
    public int NumSubjects { get; init; }
    public int NumDeleted { get; init; }
    public ulong[]? Deleted { get; init; }
    public int Consumers { get; init; }
}

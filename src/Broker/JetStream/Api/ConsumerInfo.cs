using System.Text.Json.Serialization;

namespace WebBroker.Broker.JetStream.Api;

/// <summary>A consumer as <c>CONSUMER.LIST</c> lists it (flattened into the response for CREATE and INFO: see
/// <see cref="ConsumerInfoResponse"/>). The counters are exact: clients compute lag from them.</summary>
public sealed record ConsumerInfo
{
    public required string StreamName { get; init; }
    public required string Name { get; init; }
    public DateTimeOffset Created { get; init; }
    public ConsumerConfig? Config { get; init; }
    public required SequenceInfo Delivered { get; init; }
    public required SequenceInfo AckFloor { get; init; }
    public int NumAckPending { get; init; }
    public int NumRedelivered { get; init; }
    public int NumWaiting { get; init; }
    public ulong NumPending { get; init; }
    public ClusterInfo? Cluster { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool PushBound { get; init; }

    /// <summary>2.11+.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Paused { get; init; }

    /// <summary>2.11+.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public NatsDuration PauseRemaining { get; init; }

    /// <summary>When the server produced this answer (2.10+).</summary>
    public DateTimeOffset? Ts { get; init; }
}

/// <summary>A consumer sequence and the stream sequence it corresponds to, with the last activity when known
/// (the <c>delivered</c> and <c>ack_floor</c> of a consumer info).</summary>
public sealed record SequenceInfo
{
    public ulong ConsumerSeq { get; init; }
    public ulong StreamSeq { get; init; }
    public DateTimeOffset? LastActive { get; init; }
}

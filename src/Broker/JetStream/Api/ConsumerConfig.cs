using System.Text.Json.Serialization;
using WebBroker.Broker.JetStream.Storage;

namespace WebBroker.Broker.JetStream.Api;

/// <summary>
/// A consumer's configuration, field for field nats-server's, with the same omission rules as
/// <see cref="StreamConfig"/>: omitempty fields vanish at their zero value, 2.10+ fields are nullable.
/// </summary>
public sealed record ConsumerConfig
{
    public string? DurableName { get; init; }
    public string? Name { get; init; }
    public string? Description { get; init; }
    public DeliverPolicy DeliverPolicy { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public ulong OptStartSeq { get; init; }

    public DateTimeOffset? OptStartTime { get; init; }
    /// <summary>The store's enum (none, all, explicit), spelled as nats-server spells it.</summary>
    [JsonConverter(typeof(SnakeEnumConverter<AckPolicy>))]
    public AckPolicy AckPolicy { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public NatsDuration AckWait { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int MaxDeliver { get; init; }

    public NatsDuration[]? Backoff { get; init; }
    public string? FilterSubject { get; init; }

    /// <summary>Several filters (2.10+).</summary>
    public string[]? FilterSubjects { get; init; }

    public ReplayPolicy ReplayPolicy { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public ulong RateLimitBps { get; init; }

    /// <summary>Ack sampling for <c>$JS.EVENT.METRIC</c>, such as "100%".</summary>
    public string? SampleFreq { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int MaxWaiting { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int MaxAckPending { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public NatsDuration IdleHeartbeat { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool FlowControl { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool HeadersOnly { get; init; }

    /// <summary>The largest batch a pull request may ask for.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int MaxBatch { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public NatsDuration MaxExpires { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int MaxBytes { get; init; }

    public string? DeliverSubject { get; init; }
    public string? DeliverGroup { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public NatsDuration InactiveThreshold { get; init; }

    public int NumReplicas { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool MemStorage { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Direct { get; init; }

    /// <summary>2.10+.</summary>
    public Dictionary<string, string>? Metadata { get; init; }

    /// <summary>2.11+.</summary>
    public DateTimeOffset? PauseUntil { get; init; }
}

using System.Text.Json.Serialization;

namespace WebBroker.Broker.JetStream.Api;

/// <summary>
/// The reply to <c>$JS.API.INFO</c>: the account's usage and limits (Go's <c>JetStreamAccountStats</c>, whose
/// tier fields sit flattened at the top), its domain and the API counters. All null on failure.
/// <c>reserved_memory</c>/<c>reserved_storage</c> are 2.10+.
/// </summary>
public sealed record AccountInfoResponse : ApiResponse
{
    public ulong? Memory { get; init; }
    public ulong? Storage { get; init; }
    public ulong? ReservedMemory { get; init; }
    public ulong? ReservedStorage { get; init; }
    public int? Streams { get; init; }
    public int? Consumers { get; init; }
    public AccountLimits? Limits { get; init; }
    public string? Domain { get; init; }
    public ApiStats? Api { get; init; }
    public Dictionary<string, JetStreamTier>? Tiers { get; init; }
}

/// <summary>One tier's usage and limits (the account's tiers, by name such as "R1").</summary>
public sealed record JetStreamTier
{
    public ulong Memory { get; init; }
    public ulong Storage { get; init; }
    public ulong? ReservedMemory { get; init; }
    public ulong? ReservedStorage { get; init; }
    public int Streams { get; init; }
    public int Consumers { get; init; }
    public required AccountLimits Limits { get; init; }
}

/// <summary>An account's JetStream limits; -1 is unlimited.</summary>
public sealed record AccountLimits
{
    public long MaxMemory { get; init; }
    public long MaxStorage { get; init; }
    public int MaxStreams { get; init; }
    public int MaxConsumers { get; init; }
    public int MaxAckPending { get; init; }
    public long MemoryMaxStreamBytes { get; init; }
    public long StorageMaxStreamBytes { get; init; }
    public bool MaxBytesRequired { get; init; }
}

/// <summary>How many API requests the account made and how many failed. <c>level</c> (the API level the server
/// speaks) is 2.11+.</summary>
public sealed record ApiStats
{
    public int? Level { get; init; }
    public ulong Total { get; init; }
    public ulong Errors { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public ulong Inflight { get; init; }
}

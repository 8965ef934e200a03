using System.Text.Json.Serialization;

namespace WebBroker.Broker.JetStream.Api;

/// <summary>
/// The <c>state</c> of a stream info: counts, first and last sequence with their times (Go's zero time when the
/// stream is empty), and, when the request asked for them, the per-subject counts (<c>subjects_filter</c>) and the
/// interior deletes (<c>deleted_details</c>). Named apart from the store's <c>StreamState</c>, which it is made from.
/// </summary>
public sealed record ApiStreamState
{
    public ulong Messages { get; init; }
    public ulong Bytes { get; init; }
    public ulong FirstSeq { get; init; }
    public DateTimeOffset FirstTs { get; init; } = DateTimeOffset.MinValue;
    public ulong LastSeq { get; init; }
    public DateTimeOffset LastTs { get; init; } = DateTimeOffset.MinValue;

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int NumSubjects { get; init; }

    /// <summary>Messages per subject, for the subjects matching the request's <c>subjects_filter</c>.</summary>
    public Dictionary<string, ulong>? Subjects { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int NumDeleted { get; init; }

    public ulong[]? Deleted { get; init; }
    public LostStreamData? Lost { get; init; }
    public int ConsumerCount { get; init; }
}

/// <summary>Messages found damaged at recovery.</summary>
public sealed record LostStreamData
{
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public ulong[]? Msgs { get; init; }

    public ulong Bytes { get; init; }
}

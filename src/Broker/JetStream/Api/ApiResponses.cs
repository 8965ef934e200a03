using System.Text.Json.Serialization;

namespace WebBroker.Broker.JetStream.Api;

/// <summary>
/// The reply to <c>STREAM.CREATE</c>, <c>UPDATE</c> and <c>INFO</c>: a <see cref="StreamInfo"/> flattened beside
/// type and error. Only INFO is paged (its <c>total</c>/<c>offset</c>/<c>limit</c> page the subjects map); the
/// other two leave those null so that they are not written. <c>did_create</c> (2.10+ CREATE) likewise.
/// </summary>
public sealed record StreamInfoResponse : ApiResponse
{
    public int? Total { get; init; }
    public int? Offset { get; init; }
    public int? Limit { get; init; }
    public StreamConfig? Config { get; init; }
    public DateTimeOffset? Created { get; init; }
    public ApiStreamState? State { get; init; }
    public string? Domain { get; init; }
    public ClusterInfo? Cluster { get; init; }
    public StreamSourceInfo? Mirror { get; init; }
    public StreamSourceInfo[]? Sources { get; init; }
    public StreamAlternate[]? Alternates { get; init; }
    public DateTimeOffset? Ts { get; init; }
    public bool? DidCreate { get; init; }
}

/// <summary>The reply to <c>STREAM.NAMES</c>. nats-server writes <c>"streams":null</c> when there are none.</summary>
public sealed record StreamNamesResponse : ApiResponse
{
    public int Total { get; init; }
    public int Offset { get; init; }
    public int Limit { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string[]? Streams { get; init; }
}

/// <summary>The reply to <c>STREAM.LIST</c>; <c>missing</c> names streams that did not answer in time (clustered).</summary>
public sealed record StreamListResponse : ApiResponse
{
    public int Total { get; init; }
    public int Offset { get; init; }
    public int Limit { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public StreamInfo[]? Streams { get; init; }

    public string[]? Missing { get; init; }
}

/// <summary>The reply to <c>STREAM.PURGE</c>.</summary>
public sealed record StreamPurgeResponse : ApiResponse
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Success { get; init; }

    public ulong Purged { get; init; }
}

/// <summary>The reply to <c>STREAM.DELETE</c>, <c>STREAM.MSG.DELETE</c> and <c>CONSUMER.DELETE</c>.</summary>
public sealed record SuccessResponse : ApiResponse
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Success { get; init; }
}

/// <summary>The reply to <c>STREAM.MSG.GET</c>.</summary>
public sealed record MsgGetResponse : ApiResponse
{
    public StoredMsg? Message { get; init; }
}

/// <summary>A stored message as <c>STREAM.MSG.GET</c> returns it: headers and payload base64-encoded (Go's
/// <c>[]byte</c>), left out when empty.</summary>
public sealed record StoredMsg
{
    public required string Subject { get; init; }
    public ulong Seq { get; init; }
    public byte[]? Hdrs { get; init; }
    public byte[]? Data { get; init; }
    public DateTimeOffset Time { get; init; }
}

/// <summary>The reply to <c>CONSUMER.CREATE</c>, <c>CONSUMER.DURABLE.CREATE</c> and <c>CONSUMER.INFO</c>: a
/// <see cref="ConsumerInfo"/> flattened beside type and error, all null on failure.</summary>
public sealed record ConsumerInfoResponse : ApiResponse
{
    public string? StreamName { get; init; }
    public string? Name { get; init; }
    public DateTimeOffset? Created { get; init; }
    public ConsumerConfig? Config { get; init; }
    public SequenceInfo? Delivered { get; init; }
    public SequenceInfo? AckFloor { get; init; }
    public int? NumAckPending { get; init; }
    public int? NumRedelivered { get; init; }
    public int? NumWaiting { get; init; }
    public ulong? NumPending { get; init; }
    public ClusterInfo? Cluster { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool PushBound { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Paused { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public NatsDuration PauseRemaining { get; init; }

    public DateTimeOffset? Ts { get; init; }
}

/// <summary>The reply to <c>CONSUMER.NAMES</c>.</summary>
public sealed record ConsumerNamesResponse : ApiResponse
{
    public int Total { get; init; }
    public int Offset { get; init; }
    public int Limit { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string[]? Consumers { get; init; }
}

/// <summary>The reply to <c>CONSUMER.LIST</c>.</summary>
public sealed record ConsumerListResponse : ApiResponse
{
    public int Total { get; init; }
    public int Offset { get; init; }
    public int Limit { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public ConsumerInfo[]? Consumers { get; init; }

    public string[]? Missing { get; init; }
}

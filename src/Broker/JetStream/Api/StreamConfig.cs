using System.Text.Json.Serialization;
using WebBroker.Broker.JetStream.Storage;

namespace WebBroker.Broker.JetStream.Api;

/// <summary>
/// A stream's configuration as <c>STREAM.CREATE</c>/<c>UPDATE</c> take it and <c>STREAM.INFO</c> shows it, field
/// for field nats-server's. Fields Go marks omitempty are left out at their zero value; the rest always appear.
/// A field a request leaves out reads as Go's zero value (0, not -1): the engine applies nats-server's defaults
/// after decoding, as nats-server does.
/// Fields that nats-server 2.9 does not have are nullable and left out when null, so that a reply can be shaped
/// as 2.9 gives it (the tests' reference) or as later releases do.
/// </summary>
public sealed record StreamConfig
{
    public required string Name { get; init; }
    public string? Description { get; init; }
    public string[]? Subjects { get; init; }
    public RetentionPolicy Retention { get; init; }
    public int MaxConsumers { get; init; }
    public long MaxMsgs { get; init; }
    public long MaxBytes { get; init; }
    public NatsDuration MaxAge { get; init; }
    public long MaxMsgsPerSubject { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int MaxMsgSize { get; init; }

    [JsonConverter(typeof(SnakeEnumConverter<DiscardPolicy>))]
    public DiscardPolicy Discard { get; init; }

    [JsonConverter(typeof(SnakeEnumConverter<StorageType>))]
    public StorageType Storage { get; init; }

    public int NumReplicas { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool NoAck { get; init; }

    public string? TemplateOwner { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public NatsDuration DuplicateWindow { get; init; }

    public Placement? Placement { get; init; }
    public StreamSource? Mirror { get; init; }
    public StreamSource[]? Sources { get; init; }

    /// <summary>"none" or "s2" (2.10+; 2.9 has no such field).</summary>
    public string? Compression { get; init; }

    /// <summary>The sequence the stream starts at (2.10+).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public ulong FirstSeq { get; init; }

    /// <summary>Rewrites subjects as messages come in (2.10+).</summary>
    public SubjectTransformConfig? SubjectTransform { get; init; }

    public RePublish? Republish { get; init; }

    public bool AllowDirect { get; init; }
    public bool MirrorDirect { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool DiscardNewPerSubject { get; init; }

    public bool Sealed { get; init; }
    public bool DenyDelete { get; init; }
    public bool DenyPurge { get; init; }
    public bool AllowRollupHdrs { get; init; }

    /// <summary>Defaults for the stream's consumers (2.10+; always present there, possibly <c>{}</c>).</summary>
    public StreamConsumerLimits? ConsumerLimits { get; init; }

    /// <summary>Whether messages may carry a <c>Nats-TTL</c> header (2.11+; always present there).</summary>
    public bool? AllowMsgTtl { get; init; }

    /// <summary>How long the marker left when limits remove a subject's last message lives (2.11+).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public NatsDuration SubjectDeleteMarkerTtl { get; init; }

    /// <summary>Free-form key/values (2.10+).</summary>
    public Dictionary<string, string>? Metadata { get; init; }
}

/// <summary>Where a clustered stream's replicas may go.</summary>
public sealed record Placement
{
    public string? Cluster { get; init; }
    public string[]? Tags { get; init; }
}

/// <summary>A stream a mirror copies or a source reads, possibly from another account or domain.</summary>
public sealed record StreamSource
{
    public required string Name { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public ulong OptStartSeq { get; init; }

    public DateTimeOffset? OptStartTime { get; init; }

    public string? FilterSubject { get; init; }

    /// <summary>2.10+.</summary>
    public SubjectTransformConfig[]? SubjectTransforms { get; init; }

    public ExternalStream? External { get; init; }
}

/// <summary>The API and delivery prefixes through which another account's or domain's stream is reached.</summary>
public sealed record ExternalStream
{
    public required string Api { get; init; }
    public required string Deliver { get; init; }
}

/// <summary>Where a stored message is published again.</summary>
public sealed record RePublish
{
    public string? Src { get; init; }
    public required string Dest { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool HeadersOnly { get; init; }
}

/// <summary>A subject mapping from <see cref="Src"/> to <see cref="Dest"/> (both always written).</summary>
public sealed record SubjectTransformConfig
{
    public string Src { get; init; } = "";
    public string Dest { get; init; } = "";
}

/// <summary>Limits a stream puts on its consumers' config (2.10+).</summary>
public sealed record StreamConsumerLimits
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public NatsDuration InactiveThreshold { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int MaxAckPending { get; init; }
}

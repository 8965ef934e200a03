namespace WebBroker.Broker.JetStream.Api;

/// <summary>How far a mirror or source is behind its origin, and why it is stuck if it is.</summary>
public sealed record StreamSourceInfo
{
    public required string Name { get; init; }
    public ExternalStream? External { get; init; }
    public ulong Lag { get; init; }
    public NatsDuration Active { get; init; }
    public ApiError? Error { get; init; }

    /// <summary>2.10+.</summary>
    public string? FilterSubject { get; init; }

    /// <summary>2.10+.</summary>
    public SubjectTransformConfig[]? SubjectTransforms { get; init; }
}

/// <summary>A mirror of the stream in another cluster or domain that can answer direct gets.</summary>
public sealed record StreamAlternate
{
    public required string Name { get; init; }
    public string? Domain { get; init; }
    public string Cluster { get; init; } = "";
}

namespace WebBroker.Broker.JetStream.Api;

/// <summary>A stream as <c>STREAM.LIST</c> lists it (and, flattened into the response, as INFO, CREATE and UPDATE
/// answer it: see <see cref="StreamInfoResponse"/>).</summary>
public sealed record StreamInfo
{
    public required StreamConfig Config { get; init; }
    public DateTimeOffset Created { get; init; }
    public required ApiStreamState State { get; init; }
    public string? Domain { get; init; }
    public ClusterInfo? Cluster { get; init; }
    public StreamSourceInfo? Mirror { get; init; }
    public StreamSourceInfo[]? Sources { get; init; }
    public StreamAlternate[]? Alternates { get; init; }

    /// <summary>When the server produced this answer (2.10+).</summary>
    public DateTimeOffset? Ts { get; init; }
}

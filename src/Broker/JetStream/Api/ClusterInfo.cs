using System.Text.Json.Serialization;

namespace WebBroker.Broker.JetStream.Api;

/// <summary>The cluster an asset lives in, its leader and replicas. A single server still answers with
/// <c>{"leader":"&lt;server name&gt;"}</c>.</summary>
public sealed record ClusterInfo
{
    public string? Name { get; init; }
    public string? Leader { get; init; }
    public PeerInfo[]? Replicas { get; init; }
}

/// <summary>One replica of a clustered asset.</summary>
public sealed record PeerInfo
{
    public required string Name { get; init; }
    public bool Current { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Offline { get; init; }

    public NatsDuration Active { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public ulong Lag { get; init; }

    public string Peer { get; init; } = "";
}

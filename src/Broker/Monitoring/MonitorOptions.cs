namespace WebBroker.Broker.Monitoring;

public enum SubsDetail { None, List, Detail }

public enum ConnState { Open, Closed, All }

/// <summary>/connz's query options, as nats-server names them.</summary>
public sealed record ConnzOptions
{
    public const int DefaultLimit = 1024;
    public string Sort { get; init; } = "cid";
    public bool Auth { get; init; }
    public SubsDetail Subs { get; init; }
    public int Offset { get; init; }
    public int Limit { get; init; } = DefaultLimit;
    public ulong? Cid { get; init; }
    public ConnState State { get; init; } = ConnState.Open;
    public string? Account { get; init; }
}

/// <summary>/subsz's query options.</summary>
public sealed record SubszOptions
{
    public bool Subs { get; init; }
    public int Offset { get; init; }
    public int Limit { get; init; } = ConnzOptions.DefaultLimit;
    /// <summary>Only subscriptions that a message on this subject would reach.</summary>
    public string? Test { get; init; }
    public string? Account { get; init; }
}

public sealed class MonitorOptionException(string message) : Exception(message);

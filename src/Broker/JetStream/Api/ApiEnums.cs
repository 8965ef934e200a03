using System.Text.Json.Serialization;

namespace WebBroker.Broker.JetStream.Api;

/// <summary>When a stream removes messages besides its limits: never (limits), when every consumer has
/// acknowledged them (interest), or once one consumer has (workqueue).</summary>
[JsonConverter(typeof(SnakeEnumConverter<RetentionPolicy>))]
public enum RetentionPolicy
{
    Limits,
    Interest,
    Workqueue,
}

/// <summary>Where a consumer starts in its stream.</summary>
[JsonConverter(typeof(SnakeEnumConverter<DeliverPolicy>))]
public enum DeliverPolicy
{
    All,
    Last,
    New,
    ByStartSequence,
    ByStartTime,
    LastPerSubject,
}

/// <summary>Whether a consumer delivers as fast as it can or at the pace the messages were stored.</summary>
[JsonConverter(typeof(SnakeEnumConverter<ReplayPolicy>))]
public enum ReplayPolicy
{
    Instant,
    Original,
}

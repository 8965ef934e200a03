namespace WebBroker.Broker.JetStream.Storage;

/// <summary>Count and sequence bounds of the messages that match a filter (nats-server's SimpleState).</summary>
public readonly record struct SimpleState(ulong Msgs, ulong First, ulong Last);

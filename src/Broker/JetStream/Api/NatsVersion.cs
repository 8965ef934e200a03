namespace WebBroker.Broker.JetStream.Api;

/// <summary>The nats-server release line in which an API feature (an error code, a field) first appeared.
/// <see cref="V2_9"/> is what Debian's nats-server 2.9.10, the tests' reference, already has.</summary>
public enum NatsVersion
{
    V2_9,
    V2_10,
    V2_11,
    V2_12,
    V2_14,
}

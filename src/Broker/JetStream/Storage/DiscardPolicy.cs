namespace WebBroker.Broker.JetStream.Storage;

/// <summary>What a full stream does with a new message: drop its oldest messages (<see cref="Old"/>, the default)
/// or refuse the new one (<see cref="New"/>).</summary>
public enum DiscardPolicy
{
    Old,
    New,
}

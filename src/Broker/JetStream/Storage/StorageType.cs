namespace WebBroker.Broker.JetStream.Storage;

/// <summary>Where a stream keeps its messages: nats-server's <c>file</c> (here an SQLite database) or <c>memory</c>.</summary>
public enum StorageType
{
    File,
    Memory,
}

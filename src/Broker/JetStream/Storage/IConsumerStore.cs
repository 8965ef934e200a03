namespace WebBroker.Broker.JetStream.Storage;

/// <summary>
/// The durable state of one consumer of a stream (nats-server's ConsumerStore). Updates are cheap, in memory,
/// and reach the disk with the stream's next group commit (a file store): an ack lost to a crash means a
/// redelivery, never a lost message.
/// </summary>
public interface IConsumerStore
{
    string Name { get; }
    /// <summary>Creation time, nanoseconds since the Unix epoch.</summary>
    long Created { get; }
    ConsumerStoreConfig Config { get; }
    void UpdateConfig(ConsumerStoreConfig config);

    /// <summary>Starts delivery after stream sequence <paramref name="streamSeq"/> (delivered and ack floor both there).</summary>
    void SetStarting(ulong streamSeq);
    /// <summary>Moves the starting point forward only.</summary>
    void UpdateStarting(ulong streamSeq);
    /// <summary>Forgets all state and starts after <paramref name="streamSeq"/>.</summary>
    void Reset(ulong streamSeq);
    bool HasState { get; }

    /// <summary>Records a delivery: consumer sequence, stream sequence, delivery count (1 for the first), time.</summary>
    StoreError UpdateDelivered(ulong consumerSeq, ulong streamSeq, ulong deliveryCount, long timestamp);
    /// <summary>Records an ack; with ack policy all it acks everything up to the sequence.</summary>
    StoreError UpdateAcks(ulong consumerSeq, ulong streamSeq);
    /// <summary>Drops redelivery counts below a stream sequence (messages gone from the stream).</summary>
    void RemoveRedeliveredBelow(ulong streamSeq);

    /// <summary>Replaces the state, refusing one older than the current (<see cref="StoreError.OldUpdate"/>).</summary>
    StoreError Update(ConsumerState state);
    /// <summary>Replaces the state, whatever it was.</summary>
    StoreError ForceUpdate(ConsumerState state);
    /// <summary>A copy of the state.</summary>
    ConsumerState State();

    /// <summary>Removes the consumer and its state from the stream's store.</summary>
    void Delete();
}

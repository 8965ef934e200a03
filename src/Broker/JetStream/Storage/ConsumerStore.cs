namespace WebBroker.Broker.JetStream.Storage;

/// <summary>
/// A consumer's state, kept in memory for both stores (as nats-server's consumer stores do) and handed to the
/// owning stream store after each change: a file store writes it with its next group commit.
/// </summary>
internal sealed class ConsumerStore : IConsumerStore
{
    private readonly StreamStoreBase _owner;
    private readonly Lock _lock = new();
    private ConsumerState _state = new();
    private ConsumerStoreConfig _config;
    private bool _deleted;
    /// <summary>Set when the state changed since the owner last wrote it (1) or not (0).</summary>
    internal int Dirty;

    public ConsumerStore(StreamStoreBase owner, string name, long created, ConsumerStoreConfig config, ConsumerState? state = null)
    {
        _owner = owner;
        Name = name;
        Created = created;
        _config = config;
        if (state is not null) _state = state;
    }

    public string Name { get; }
    public long Created { get; }

    public ConsumerStoreConfig Config
    {
        get { lock (_lock) return _config; }
    }

    public void UpdateConfig(ConsumerStoreConfig config)
    {
        lock (_lock) _config = config;
        Changed();
    }

    public void SetStarting(ulong streamSeq)
    {
        lock (_lock)
        {
            _state.Delivered = _state.Delivered with { Stream = streamSeq };
            _state.AckFloor = _state.AckFloor with { Stream = streamSeq };
        }
        Changed();
    }

    public void UpdateStarting(ulong streamSeq)
    {
        lock (_lock)
        {
            if (streamSeq <= _state.Delivered.Stream) return;
            _state.Delivered = _state.Delivered with { Stream = streamSeq };
            // Without acks, delivered is acked.
            if (_config.AckPolicy == AckPolicy.None) _state.AckFloor = _state.AckFloor with { Stream = streamSeq };
        }
        Changed();
    }

    public void Reset(ulong streamSeq)
    {
        lock (_lock) _state = new ConsumerState();
        SetStarting(streamSeq);
    }

    public bool HasState
    {
        get { lock (_lock) return _state.Delivered.Consumer != 0 || _state.Delivered.Stream != 0; }
    }

    public StoreError UpdateDelivered(ulong consumerSeq, ulong streamSeq, ulong deliveryCount, long timestamp)
    {
        lock (_lock)
        {
            if (deliveryCount != 1 && _config.AckPolicy == AckPolicy.None) return StoreError.NoAckPolicy;
            // A replay of something already acked.
            if (consumerSeq <= _state.AckFloor.Consumer) return StoreError.None;
            var s = _state;
            if (_config.AckPolicy != AckPolicy.None)
            {
                if (streamSeq <= s.Delivered.Stream)
                {
                    // A redelivery keeps its first consumer sequence; only the time moves.
                    if (s.Pending.TryGetValue(streamSeq, out var p)) s.Pending[streamSeq] = p with { Timestamp = timestamp };
                }
                else s.Pending[streamSeq] = new PendingDelivery(consumerSeq, timestamp);
                if (consumerSeq > s.Delivered.Consumer) s.Delivered = s.Delivered with { Consumer = consumerSeq };
                if (streamSeq > s.Delivered.Stream) s.Delivered = s.Delivered with { Stream = streamSeq };
                if (deliveryCount > 1)
                {
                    // Past max_deliver it is no longer awaited.
                    if (_config.MaxDeliver > 0 && deliveryCount > (ulong)_config.MaxDeliver) s.Pending.Remove(streamSeq);
                    if (s.Redelivered.GetValueOrDefault(streamSeq) < deliveryCount - 1) s.Redelivered[streamSeq] = deliveryCount - 1;
                }
            }
            else
            {
                if (consumerSeq > s.Delivered.Consumer)
                {
                    s.Delivered = s.Delivered with { Consumer = consumerSeq };
                    s.AckFloor = s.AckFloor with { Consumer = consumerSeq };
                }
                if (streamSeq > s.Delivered.Stream)
                {
                    s.Delivered = s.Delivered with { Stream = streamSeq };
                    s.AckFloor = s.AckFloor with { Stream = streamSeq };
                }
            }
        }
        Changed();
        return StoreError.None;
    }

    public StoreError UpdateAcks(ulong consumerSeq, ulong streamSeq)
    {
        lock (_lock)
        {
            if (_config.AckPolicy == AckPolicy.None) return StoreError.NoAckPolicy;
            var s = _state;
            s.Redelivered.Remove(streamSeq);
            if (consumerSeq <= s.AckFloor.Consumer) return StoreError.None;
            if (!s.Pending.TryGetValue(streamSeq, out var pending)) return StoreError.MsgNotFound;

            if (_config.AckPolicy == AckPolicy.All)
            {
                // Everything up to here is acked.
                s.AckFloor = new SequencePair(consumerSeq, streamSeq);
                List<ulong>? below = null;
                foreach (var seq in s.Pending.Keys)
                    if (seq <= streamSeq) (below ??= []).Add(seq);
                if (below is not null)
                    foreach (var seq in below)
                    {
                        s.Pending.Remove(seq);
                        s.Redelivered.Remove(seq);
                    }
            }
            else
            {
                s.Pending.Remove(streamSeq);
                // The floor moves with the first delivery's consumer sequence.
                if (consumerSeq > pending.Sequence && pending.Sequence > 0) consumerSeq = pending.Sequence;
                if (s.Pending.Count == 0) s.AckFloor = s.Delivered;
                else if (consumerSeq == s.AckFloor.Consumer + 1)
                {
                    s.AckFloor = new SequencePair(consumerSeq, streamSeq);
                    // Up to just below the oldest message still awaited.
                    if (s.Delivered.Consumer > consumerSeq)
                        for (var seq = streamSeq + 1; seq <= s.Delivered.Stream; seq++)
                        {
                            if (!s.Pending.TryGetValue(seq, out var next)) continue;
                            if (next.Sequence > 0) s.AckFloor = new SequencePair(next.Sequence - 1, seq - 1);
                            break;
                        }
                }
            }
        }
        Changed();
        return StoreError.None;
    }

    public void RemoveRedeliveredBelow(ulong streamSeq)
    {
        if (streamSeq == 0) return;
        lock (_lock)
        {
            List<ulong>? below = null;
            foreach (var seq in _state.Redelivered.Keys)
                if (seq < streamSeq) (below ??= []).Add(seq);
            if (below is null) return;
            foreach (var seq in below) _state.Redelivered.Remove(seq);
        }
        Changed();
    }

    public StoreError Update(ConsumerState state) => Replace(state, force: false);

    public StoreError ForceUpdate(ConsumerState state) => Replace(state, force: true);

    private StoreError Replace(ConsumerState state, bool force)
    {
        if (state.AckFloor.Consumer > state.Delivered.Consumer || state.AckFloor.Stream > state.Delivered.Stream)
            return StoreError.BadConsumerState;
        foreach (var seq in state.Pending.Keys)
            if (seq <= state.AckFloor.Stream || seq > state.Delivered.Stream) return StoreError.BadConsumerState;
        lock (_lock)
        {
            if (!force && (state.Delivered.Consumer < _state.Delivered.Consumer || state.AckFloor.Stream < _state.AckFloor.Stream))
                return StoreError.OldUpdate;
            _state = state.Clone();
        }
        Changed();
        return StoreError.None;
    }

    public ConsumerState State()
    {
        lock (_lock) return _state.Clone();
    }

    /// <summary>The encoded state, for the owner to write.</summary>
    internal byte[] Encode()
    {
        lock (_lock) return ConsumerStateCodec.Encode(_state);
    }

    public void Delete()
    {
        lock (_lock)
        {
            if (_deleted) return;
            _deleted = true;
        }
        _owner.RemoveConsumer(this);
    }

    private void Changed()
    {
        if (Volatile.Read(ref _deleted)) return;
        _owner.OnConsumerChanged(this);
    }
}

namespace WebBroker.Broker.JetStream.Storage;

/// <summary>
/// A stream's messages, in the spirit of nats-server's StreamStore: sequences start at 1 and only grow,
/// limits (max_msgs, max_bytes, max_age, max_msgs_per_subject) and the discard policy are applied by the store
/// on every store, and the per-subject state is kept so that filtered counts need no scan in the common case.
/// Filters are NATS subjects with wildcards; an empty filter or "&gt;" means every subject. Sequences that were
/// never stored or were removed load as null (a caller tells "past the end" by comparing with LastSeq).
/// </summary>
public interface IStreamStore : IDisposable
{
    StorageType Type { get; }
    StreamStoreConfig Config { get; }
    /// <summary>Applies new limits at once (dropping what they no longer allow, with discard old).</summary>
    void UpdateConfig(StreamStoreConfig config);

    /// <summary>
    /// Stores a message with the next sequence. Completes once it is durable (a file store: its transaction has
    /// committed; concurrent calls share one transaction). A refusal by limits comes back in the result.
    /// </summary>
    ValueTask<StoreResult> StoreMsgAsync(string subject, ReadOnlyMemory<byte> header, ReadOnlyMemory<byte> data);
    /// <summary>Uses up the next sequence without a message; returns it.</summary>
    ulong SkipMsg();

    StoreMsg? LoadMsg(ulong seq, StoreMsg? reuse = null);
    /// <summary>The first message at or after <paramref name="start"/> whose subject matches the filter.</summary>
    StoreMsg? LoadNextMsg(string? filter, ulong start, StoreMsg? reuse = null);
    /// <summary>The first message at or after <paramref name="start"/> matching any of the filters (a consumer's filter_subjects).</summary>
    StoreMsg? LoadNextMsgMulti(IReadOnlyList<string> filters, ulong start, StoreMsg? reuse = null);
    /// <summary>The last message whose subject matches the filter.</summary>
    StoreMsg? LoadLastMsg(string? filter, StoreMsg? reuse = null);
    /// <summary>The subject of a stored message, or null.</summary>
    string? SubjectForSeq(ulong seq);

    bool RemoveMsg(ulong seq);
    /// <summary>Removes a message and overwrites its content where it was kept.</summary>
    bool EraseMsg(ulong seq);
    /// <summary>Removes every message; the next sequence does not change. Returns how many were removed.</summary>
    ulong Purge();
    /// <summary>
    /// nats-server's PurgeEx: removes the messages matching <paramref name="subject"/> below
    /// <paramref name="sequence"/> (0: no bound), keeping the newest <paramref name="keep"/> (0: none).
    /// </summary>
    ulong PurgeEx(string? subject, ulong sequence, ulong keep);
    /// <summary>Removes every message below <paramref name="seq"/>; past the end, the next sequence becomes <paramref name="seq"/>.</summary>
    ulong Compact(ulong seq);
    /// <summary>Removes every message above <paramref name="seq"/>, which becomes the last sequence (0: empties the store and restarts at 1).</summary>
    void Truncate(ulong seq);
    /// <summary>The first sequence stored at or after a time (nanoseconds since the Unix epoch); LastSeq+1 when none.</summary>
    ulong GetSeqFromTime(long timestamp);

    StreamState State(bool withDeleted = true);
    SimpleState FilteredState(ulong startSeq, string? filter);
    /// <summary>Per-subject state of the subjects matching the filter.</summary>
    Dictionary<string, SimpleState> SubjectsState(string? filter);
    /// <summary>Message counts of the subjects matching the filter.</summary>
    Dictionary<string, ulong> SubjectsTotals(string? filter);
    /// <summary>Messages at or after <paramref name="startSeq"/> matching the filter (with <paramref name="lastPerSubject"/>:
    /// subjects whose last message is there), and the last sequence the count is valid through.</summary>
    (ulong Total, ulong ValidThrough) NumPending(ulong startSeq, string? filter, bool lastPerSubject);

    /// <summary><see cref="NumPending"/> for messages matching any of the filters, each counted once.</summary>
    (ulong Total, ulong ValidThrough) NumPendingMulti(IReadOnlyList<string> filters, ulong startSeq, bool lastPerSubject);

    /// <summary>Creates a consumer's store, or returns the existing one of that name with its config updated.</summary>
    IConsumerStore ConsumerStore(string name, long created, ConsumerStoreConfig config);
    /// <summary>Consumer stores, including those a file store recovered at open.</summary>
    IReadOnlyList<IConsumerStore> Consumers { get; }

    /// <summary>Closes the store and deletes everything it kept.</summary>
    void Delete();
}

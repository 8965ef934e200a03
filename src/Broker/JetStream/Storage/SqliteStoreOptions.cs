namespace WebBroker.Broker.JetStream.Storage;

/// <summary>How an <see cref="SqliteStore"/> keeps its file.</summary>
public sealed record SqliteStoreOptions
{
    /// <summary>nats-server's <c>sync_always</c>: every commit is flushed to the disk (synchronous=FULL), so an
    /// acknowledged message survives a power loss too. Off, commits survive a killed process (synchronous=NORMAL).</summary>
    public bool SyncAlways { get; init; }

    /// <summary>How long a commit waits for more messages to join it. Zero (the default) commits as soon as the
    /// committer runs; the messages that arrive meanwhile form the next transaction, so batches grow with load
    /// and a lone publisher waits for nothing.</summary>
    public TimeSpan GroupCommitWindow { get; init; }
}

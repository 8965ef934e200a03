using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace WebBroker.Broker.JetStream.Storage;

/// <summary>
/// Group commit. Every write joins one open transaction on the store's connection (reads on that connection
/// see it, so the store stays consistent with its counters). A store waits on the batch's task; the committer
/// commits the transaction as soon as it runs and completes the batch, and stores that arrived meanwhile form
/// the next one. Other changes (removals, purges, config) commit before they return. If a commit fails (a full
/// disk), the transaction is rolled back, the counters are rebuilt from the file, and every store of the batch
/// fails: nothing it acknowledged before is lost, and the next store tries again.
/// </summary>
public sealed partial class SqliteStore
{
    private readonly Channel<byte> _signal = Channel.CreateBounded<byte>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });
    private readonly Task _committer;
    private readonly TimeSpan _window;
    private bool _inTransaction;
    private TaskCompletionSource? _batch;

    private void EnsureTransaction()
    {
        if (_inTransaction) return;
        try { _begin.Execute(); }
        catch (SqliteException e) { throw new StoreException($"stream store {Path}: cannot begin a transaction: {e.Message}", e); }
        _inTransaction = true;
    }

    private protected override Task? DurableLocked()
    {
        if (!_inTransaction) return null;
        _batch ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _signal.Writer.TryWrite(0);
        return _batch.Task;
    }

    private protected override void CommitLocked()
    {
        if (Closed) return;
        try
        {
            FlushConsumersLocked();
            if (!_inTransaction) return;
            _writeState.Bind(1, FirstSeq).Bind(2, LastSeq).Bind(3, LastTs).Execute();
            _commit.Execute();
        }
        catch (Exception e) when (e is not StoreException)
        {
            throw Fail(e);
        }
        _inTransaction = false;
        var batch = _batch;
        _batch = null;
        batch?.TrySetResult();
    }

    /// <summary>Undoes the open transaction after a failed write or commit, fails its batch, and rebuilds the
    /// counters from what the file holds. Returns the exception for the caller to throw.</summary>
    private StoreException Fail(Exception cause)
    {
        var error = new StoreException($"stream store {Path}: write failed: {cause.Message}", cause);
        try { Run("ROLLBACK"); }
        catch (SqliteException) { /* SQLite may already have rolled back on its own */ }
        _inTransaction = false;
        var batch = _batch;
        _batch = null;
        batch?.TrySetException(error);
        // Readers on this connection may have seen the rolled-back messages: their sequences stay used (as
        // deleted ones), so a consumer never meets one sequence with two messages.
        var (seenLast, seenLastTs) = (LastSeq, LastTs);
        LoadState();
        if (seenLast > LastSeq)
        {
            (LastSeq, LastTs) = (seenLast, seenLastTs);
            if (Msgs == 0) (FirstSeq, FirstTs) = (LastSeq + 1, 0);
        }
        // Consumers keep their state in memory; the next commit writes it again (no retry loop on a full disk).
        foreach (var consumer in ConsumerMap.Values)
            if (Interlocked.Exchange(ref consumer.Dirty, 1) == 0) _changedConsumers.Enqueue(consumer);
        return error;
    }

    private async Task CommitLoopAsync()
    {
        var reader = _signal.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            reader.TryRead(out _);
            if (_window > TimeSpan.Zero) await Task.Delay(_window).ConfigureAwait(false);
            lock (Sync)
            {
                if (Closed) return;
                try { CommitLocked(); }
                catch (Exception e)
                {
                    // The batch's stores were failed with it; whatever happened, the loop must go on, or every
                    // later store would wait forever.
                    var batch = _batch;
                    _batch = null;
                    batch?.TrySetException(e as StoreException ?? new StoreException($"stream store {Path}: {e.Message}", e));
                }
            }
        }
    }

    private void Run(string sql)
    {
        using var statement = new SqliteStatement(_connection.Handle!, sql);
        statement.Execute();
    }
}

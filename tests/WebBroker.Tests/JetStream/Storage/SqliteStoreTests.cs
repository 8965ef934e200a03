using System.Text;
using Microsoft.Data.Sqlite;
using WebBroker.Broker.JetStream.Storage;

namespace WebBroker.Tests.JetStream.Storage;

/// <summary>The contract on the SQLite store, plus what only a file store has: reopening with everything intact.</summary>
public sealed class SqliteStoreTests : StreamStoreContract
{
    private readonly string _dir = Directory.CreateTempSubdirectory("webbroker-store-").FullName;
    private int _files;

    protected override IStreamStore CreateStore(StreamStoreConfig config) =>
        SqliteStore.Open(Path.Combine(_dir, $"s{_files++}.db"), config, clock: Clock);

    private SqliteStore Reopen(IStreamStore store)
    {
        var path = ((SqliteStore)store).Path;
        store.Dispose();
        return (SqliteStore)Track(SqliteStore.Open(path, clock: Clock));
    }

    private readonly List<IStreamStore> _reopened = [];

    private IStreamStore Track(IStreamStore store)
    {
        _reopened.Add(store);
        return store;
    }

    public override void Dispose()
    {
        foreach (var s in _reopened) s.Dispose();
        base.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task It_is_file_storage_in_wal_mode_and_holds_its_file_exclusively()
    {
        var store = (SqliteStore)NewStore();
        Assert.Equal(StorageType.File, store.Type);
        await Put(store, "a");
        // A second opener (another server on the same store_dir) is refused while the store is open.
        Assert.Throws<StoreException>(() => SqliteStore.Open(store.Path));
        store.Dispose();
        using var peek = new SqliteConnection($"Data Source={store.Path};Pooling=false");
        peek.Open();
        using var cmd = peek.CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", cmd.ExecuteScalar());
    }

    [Fact]
    public void Sync_always_commits_with_synchronous_full()
    {
        using var normal = SqliteStore.Open(Path.Combine(_dir, "normal.db"), new StreamStoreConfig { Name = "N" });
        using var full = SqliteStore.Open(Path.Combine(_dir, "full.db"), new StreamStoreConfig { Name = "F" }, new SqliteStoreOptions { SyncAlways = true });
        Assert.Equal(1L, normal.SynchronousMode()); // NORMAL
        Assert.Equal(2L, full.SynchronousMode());   // FULL
    }

    [Fact]
    public async Task Reopening_keeps_messages_state_and_config()
    {
        var store = NewStore(c => c with { MaxMsgsPerSubject = 5, Definition = "{\"name\":\"TEST\"}" });
        const string header = "NATS/1.0\r\nNats-Msg-Id: 7\r\n\r\n";
        for (var i = 0; i < 10; i++)
        {
            await Put(store, $"s.{i % 3}", $"m{i}", i == 3 ? header : null);
            Clock.Advance(TimeSpan.FromMilliseconds(10));
        }
        store.RemoveMsg(1);
        store.RemoveMsg(5);
        var before = store.State();
        var subjects = store.SubjectsState(null);

        var reopened = Reopen(store);
        var after = reopened.State();
        Assert.Equal(before, after with { Deleted = before.Deleted });
        Assert.Equal(before.Deleted, after.Deleted);
        Assert.Equal(subjects, reopened.SubjectsState(null));
        Assert.Equal("m3", Text(reopened.LoadMsg(4)));
        Assert.Equal(header, Encoding.ASCII.GetString(reopened.LoadMsg(4)!.Header.Span));
        Assert.Null(reopened.LoadMsg(5));
        Assert.Equal(5, reopened.Config.MaxMsgsPerSubject);
        Assert.Equal("{\"name\":\"TEST\"}", reopened.Config.Definition);
        Assert.Equal(11UL, await Put(reopened, "s.0"));
    }

    [Fact]
    public async Task Reopening_keeps_the_header_of_a_message()
    {
        var store = NewStore();
        const string header = "NATS/1.0\r\nNats-Msg-Id: 7\r\n\r\n";
        await Put(store, "a", "body", header);
        var reopened = Reopen(store);
        var msg = reopened.LoadMsg(1)!;
        Assert.Equal(header, Encoding.ASCII.GetString(msg.Header.Span));
        Assert.Equal("body", Text(msg));
    }

    [Fact]
    public async Task Reopening_after_a_purge_continues_the_sequence()
    {
        var store = NewStore();
        for (var i = 0; i < 5; i++) await Put(store, "a");
        store.Purge();
        var reopened = Reopen(store);
        var state = reopened.State();
        Assert.Equal(0UL, state.Msgs);
        Assert.Equal(6UL, state.FirstSeq);
        Assert.Equal(5UL, state.LastSeq);
        Assert.Equal(6UL, await Put(reopened, "a"));
    }

    [Fact]
    public async Task Reopening_after_a_compact_past_the_end_keeps_the_next_sequence()
    {
        var store = NewStore();
        await Put(store, "a");
        store.Compact(500);
        var reopened = Reopen(store);
        Assert.Equal(500UL, reopened.State().FirstSeq);
        Assert.Equal(500UL, await Put(reopened, "a"));
    }

    [Fact]
    public async Task Reopening_after_truncate_keeps_the_last_sequence()
    {
        var store = NewStore();
        for (var i = 0; i < 5; i++) await Put(store, "a");
        store.Truncate(2);
        var reopened = Reopen(store);
        Assert.Equal(2UL, reopened.State().LastSeq);
        Assert.Equal(3UL, await Put(reopened, "a"));
    }

    [Fact]
    public async Task Reopening_keeps_consumer_state()
    {
        var store = NewStore();
        for (var i = 0; i < 5; i++) await Put(store, "a");
        var config = new ConsumerStoreConfig { AckPolicy = AckPolicy.Explicit, MaxDeliver = 3, Definition = "{\"durable_name\":\"D\"}" };
        var c = store.ConsumerStore("D", 42, config);
        for (ulong i = 1; i <= 4; i++) c.UpdateDelivered(i, i, 1, (long)i * 1000);
        c.UpdateDelivered(5, 3, 2, 5000);
        c.UpdateAcks(1, 1);
        c.UpdateAcks(2, 2);
        var before = c.State();
        store.ConsumerStore("GONE", 1, config).Delete();

        var reopened = Reopen(store);
        var back = Assert.Single(reopened.Consumers);
        Assert.Equal("D", back.Name);
        Assert.Equal(42, back.Created);
        Assert.Equal(config, back.Config);
        var after = back.State();
        Assert.Equal(before.Delivered, after.Delivered);
        Assert.Equal(before.AckFloor, after.AckFloor);
        Assert.Equal(before.Pending, after.Pending);
        Assert.Equal(before.Redelivered, after.Redelivered);
        Assert.Equal(1, reopened.State().Consumers);

        // Acks after the reopen are kept too.
        back.UpdateAcks(4, 3);
        var again = Reopen(reopened);
        Assert.Equal([4UL], again.Consumers[0].State().Pending.Keys);
    }

    [Fact]
    public async Task Max_age_expires_what_aged_while_closed()
    {
        var store = NewStore(c => c with { MaxAge = TimeSpan.FromMinutes(1) });
        await Put(store, "a");
        Clock.Advance(TimeSpan.FromSeconds(50));
        await Put(store, "b");
        var path = ((SqliteStore)store).Path;
        store.Dispose();
        Clock.Advance(TimeSpan.FromSeconds(20));
        var reopened = Track(SqliteStore.Open(path, clock: Clock));
        Clock.Advance(TimeSpan.Zero);
        Assert.Equal([2UL], Seqs(reopened));
    }

    [Fact]
    public async Task Many_concurrent_stores_are_all_durable()
    {
        var store = NewStore();
        var tasks = new Task<StoreResult>[2000];
        for (var i = 0; i < tasks.Length; i++)
            tasks[i] = store.StoreMsgAsync("load", ReadOnlyMemory<byte>.Empty, Encoding.ASCII.GetBytes($"m{i}")).AsTask();
        var results = await Task.WhenAll(tasks);
        var reopened = Reopen(store);
        Assert.Equal(2000UL, reopened.State().Msgs);
        for (var i = 0; i < tasks.Length; i++) Assert.Equal($"m{i}", Text(reopened.LoadMsg(results[i].Sequence)));
    }

    [Fact]
    public void A_file_that_is_not_a_database_is_reported_with_its_path()
    {
        var path = Path.Combine(_dir, "corrupt.db");
        File.WriteAllBytes(path, Encoding.ASCII.GetBytes(new string('#', 8192)));
        var e = Assert.Throws<StoreException>(() => SqliteStore.Open(path, new StreamStoreConfig { Name = "X" }));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void A_database_without_a_stream_config_is_refused_at_recovery()
    {
        var path = Path.Combine(_dir, "empty.db");
        using (var db = new SqliteConnection($"Data Source={path};Pooling=false"))
        {
            db.Open();
            using var cmd = db.CreateCommand();
            cmd.CommandText = "CREATE TABLE unrelated (x)";
            cmd.ExecuteNonQuery();
        }
        var e = Assert.Throws<StoreException>(() => SqliteStore.Open(path));
        Assert.Contains("no stream configuration", e.Message);
    }

    [Fact]
    public async Task Delete_removes_the_files()
    {
        var store = (SqliteStore)NewStore();
        await Put(store, "a");
        store.Delete();
        Assert.False(File.Exists(store.Path));
        Assert.False(File.Exists(store.Path + "-wal"));
    }

    [Fact]
    public async Task A_full_disk_refuses_stores_keeps_what_was_acknowledged_and_recovers()
    {
        var store = (SqliteStore)NewStore();
        var payload = new string('p', 1500);
        for (var i = 0; i < 10; i++) await Put(store, "before", payload);
        store.CapFileForTests(extraPages: 3);

        var acknowledged = 10UL;
        StoreException? refused = null;
        for (var i = 0; i < 100 && refused is null; i++)
        {
            try
            {
                await Put(store, "during", payload);
                acknowledged++;
            }
            catch (StoreException e)
            {
                refused = e;
            }
        }
        Assert.NotNull(refused);
        Assert.Contains("full", refused.Message);
        var state = store.State();
        Assert.Equal(acknowledged, state.Msgs);
        Assert.Equal(acknowledged, state.LastSeq);

        // Space returns: the next store gets the next sequence, and everything acknowledged is there.
        store.CapFileForTests(extraPages: null);
        Assert.Equal(acknowledged + 1, await Put(store, "after", payload));
        var reopened = Reopen(store);
        Assert.Equal(acknowledged + 1, reopened.State().Msgs);
        for (var seq = 1UL; seq <= acknowledged + 1; seq++) Assert.Equal(payload, Text(reopened.LoadMsg(seq)));
    }

    [Fact]
    public async Task A_failed_commit_fails_its_whole_batch_and_never_reuses_its_sequences()
    {
        // A long window keeps the committer away, so the stores below share one transaction; a sync call commits.
        var path = Path.Combine(_dir, "batch.db");
        var store = (SqliteStore)Track(SqliteStore.Open(path, new StreamStoreConfig { Name = "B" },
            new SqliteStoreOptions { GroupCommitWindow = TimeSpan.FromMinutes(10) }, Clock));
        var payload = Encoding.ASCII.GetBytes(new string('p', 1500));
        var first = Enumerable.Range(0, 5).Select(_ => store.StoreMsgAsync("ok", default, payload).AsTask()).ToList();
        Assert.All(first, t => Assert.False(t.IsCompleted));
        store.UpdateConfig(store.Config); // commits
        Assert.All(await Task.WhenAll(first), r => Assert.True(r.Ok));

        store.CapFileForTests(extraPages: 3);
        var batch = new List<Task<StoreResult>>();
        Task<StoreResult>? failed = null;
        for (var i = 0; i < 200 && failed is null; i++)
        {
            var t = store.StoreMsgAsync("lost", default, payload).AsTask();
            if (t.IsFaulted) failed = t;
            else batch.Add(t);
        }
        Assert.NotNull(failed);
        Assert.NotEmpty(batch);
        foreach (var t in batch) await Assert.ThrowsAsync<StoreException>(() => t);

        // The messages the batch held are gone, but their sequences stay used.
        var state = store.State();
        Assert.Equal(5UL, state.Msgs);
        Assert.Equal(5UL + (ulong)batch.Count, state.LastSeq);
        Assert.Empty(store.SubjectsTotals("lost"));

        store.CapFileForTests(extraPages: null);
        var next = store.StoreMsgAsync("after", default, payload).AsTask();
        store.UpdateConfig(store.Config);
        Assert.Equal(state.LastSeq + 1, (await next).Sequence);
        store.Dispose();
        using var reopened = SqliteStore.Open(path, clock: Clock);
        Assert.Equal(6UL, reopened.State().Msgs);
        Assert.Equal(state.LastSeq + 1, reopened.State().LastSeq);
    }
}

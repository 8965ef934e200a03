using System.Text;
using Microsoft.Extensions.Time.Testing;
using WebBroker.Broker.JetStream.Storage;

namespace WebBroker.Tests.JetStream.Storage;

/// <summary>
/// The behaviour every stream store must have, run once per store (MemoryStoreTests, SqliteStoreTests).
/// Time comes from a fake clock, so max_age expiry is driven by advancing it, never by waiting.
/// </summary>
public abstract partial class StreamStoreContract : IDisposable
{
    protected readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly List<IStreamStore> _stores = [];

    /// <summary>A new, empty store of the kind under test.</summary>
    protected abstract IStreamStore CreateStore(StreamStoreConfig config);

    protected IStreamStore NewStore(Func<StreamStoreConfig, StreamStoreConfig>? configure = null)
    {
        var config = new StreamStoreConfig { Name = "TEST" };
        var store = CreateStore(configure is null ? config : configure(config));
        _stores.Add(store);
        return store;
    }

    protected long NowNanos => (Clock.GetUtcNow().UtcTicks - DateTime.UnixEpoch.Ticks) * 100;

    protected static async Task<ulong> Put(IStreamStore store, string subject, string payload = "x", string? header = null)
    {
        var hdr = header is null ? ReadOnlyMemory<byte>.Empty : Encoding.ASCII.GetBytes(header);
        var result = await store.StoreMsgAsync(subject, hdr, Encoding.UTF8.GetBytes(payload));
        Assert.Equal(StoreError.None, result.Error);
        return result.Sequence;
    }

    protected static async Task<StoreError> TryPut(IStreamStore store, string subject, string payload = "x", string? header = null)
    {
        var hdr = header is null ? ReadOnlyMemory<byte>.Empty : Encoding.ASCII.GetBytes(header);
        return (await store.StoreMsgAsync(subject, hdr, Encoding.UTF8.GetBytes(payload))).Error;
    }

    protected static string Text(StoreMsg? msg) => msg is null ? "<none>" : Encoding.UTF8.GetString(msg.Data.Span);

    protected static ulong[] Seqs(IStreamStore store, string? filter = null)
    {
        var seqs = new List<ulong>();
        var reuse = new StoreMsg();
        for (var next = store.LoadNextMsg(filter, 0, reuse); next is not null; next = store.LoadNextMsg(filter, next.Sequence + 1, reuse))
            seqs.Add(next.Sequence);
        return [.. seqs];
    }

    /// <summary>The size one message counts for in this store (it differs between memory and file, as in nats-server).</summary>
    protected async Task<ulong> SizeOf(string subject, string payload)
    {
        var probe = NewStore();
        await Put(probe, subject, payload);
        return probe.State().Bytes;
    }

    public virtual void Dispose()
    {
        foreach (var store in _stores) store.Dispose();
        GC.SuppressFinalize(this);
    }

    // ---- Storing and loading ----

    [Fact]
    public async Task Stored_messages_get_increasing_sequences_and_load_back_whole()
    {
        var store = NewStore();
        const string header = "NATS/1.0\r\nA: 1\r\n\r\n";
        Assert.Equal(1UL, await Put(store, "orders.new", "first", header));
        Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2UL, await Put(store, "orders.paid", "second"));

        var msg = store.LoadMsg(1)!;
        Assert.Equal("orders.new", msg.Subject);
        Assert.Equal(1UL, msg.Sequence);
        Assert.Equal(header, Encoding.ASCII.GetString(msg.Header.Span));
        Assert.Equal("first", Text(msg));
        var second = store.LoadMsg(2)!;
        Assert.True(second.Header.IsEmpty);
        Assert.Equal(NowNanos, second.Timestamp);
        Assert.Equal(NowNanos - TimeSpan.FromSeconds(1).Ticks * 100, msg.Timestamp);

        var state = store.State();
        Assert.Equal(2UL, state.Msgs);
        Assert.Equal(1UL, state.FirstSeq);
        Assert.Equal(2UL, state.LastSeq);
        Assert.Equal(msg.Timestamp, state.FirstTime);
        Assert.Equal(second.Timestamp, state.LastTime);
        Assert.Equal(2, state.NumSubjects);
        Assert.Equal(0, state.NumDeleted);
    }

    [Fact]
    public async Task Empty_payloads_and_large_payloads_round_trip()
    {
        var store = NewStore();
        var big = new string('z', 300_000);
        await Put(store, "a", "");
        await Put(store, "b", big);
        Assert.Equal("", Text(store.LoadMsg(1)));
        Assert.Equal(big, Text(store.LoadMsg(2)));
        // A reused message shrinks back to the small one.
        var reuse = new StoreMsg();
        store.LoadMsg(2, reuse);
        Assert.Equal("", Text(store.LoadMsg(1, reuse)));
    }

    [Fact]
    public async Task Missing_sequences_load_as_null()
    {
        var store = NewStore();
        await Put(store, "a");
        await Put(store, "b");
        Assert.True(store.RemoveMsg(1));
        Assert.Null(store.LoadMsg(0));
        Assert.Null(store.LoadMsg(1));
        Assert.Null(store.LoadMsg(3));
        Assert.Null(store.SubjectForSeq(1));
        Assert.Equal("b", store.SubjectForSeq(2));
    }

    [Fact]
    public async Task Load_next_follows_literal_and_wildcard_filters()
    {
        var store = NewStore();
        await Put(store, "orders.eu.new");  // 1
        await Put(store, "orders.us.new");  // 2
        await Put(store, "billing.eu");     // 3
        await Put(store, "orders.eu.paid"); // 4
        await Put(store, "orders.eu.new");  // 5

        Assert.Equal([1UL, 2, 3, 4, 5], Seqs(store));
        Assert.Equal([1UL, 2, 3, 4, 5], Seqs(store, ">"));
        Assert.Equal([1UL, 5], Seqs(store, "orders.eu.new"));
        Assert.Equal([1UL, 2, 5], Seqs(store, "orders.*.new"));
        Assert.Equal([1UL, 4, 5], Seqs(store, "orders.eu.>"));
        Assert.Equal([3UL], Seqs(store, "*.eu"));
        Assert.Empty(Seqs(store, "nothing.here"));
        Assert.Equal(4UL, store.LoadNextMsg("orders.eu.*", 2)!.Sequence);
        Assert.Null(store.LoadNextMsg(null, 6));
    }

    [Fact]
    public async Task Load_last_finds_the_newest_match()
    {
        var store = NewStore();
        await Put(store, "kv.a", "a1");
        await Put(store, "kv.b", "b1");
        await Put(store, "kv.a", "a2");
        await Put(store, "other", "o");
        Assert.Equal("a2", Text(store.LoadLastMsg("kv.a")));
        Assert.Equal("b1", Text(store.LoadLastMsg("kv.b")));
        Assert.Equal("a2", Text(store.LoadLastMsg("kv.*")));
        Assert.Equal("o", Text(store.LoadLastMsg(null)));
        Assert.Null(store.LoadLastMsg("kv.c"));
        store.RemoveMsg(3);
        Assert.Equal("a1", Text(store.LoadLastMsg("kv.a")));
        Assert.Equal("b1", Text(store.LoadLastMsg("kv.*")));
    }

    [Fact]
    public async Task Concurrent_stores_get_distinct_contiguous_sequences()
    {
        var store = NewStore();
        var tasks = new List<Task<StoreResult>>();
        for (var i = 0; i < 400; i++)
            tasks.Add(store.StoreMsgAsync($"s.{i % 7}", ReadOnlyMemory<byte>.Empty, Encoding.ASCII.GetBytes($"m{i}")).AsTask());
        var results = await Task.WhenAll(tasks);
        Assert.All(results, r => Assert.True(r.Ok));
        Assert.Equal(Enumerable.Range(1, 400).Select(i => (ulong)i), results.Select(r => r.Sequence).Order());
        Assert.Equal(400UL, store.State().Msgs);
        for (var i = 0; i < 400; i++) Assert.Equal($"m{i}", Text(store.LoadMsg(results[i].Sequence)));
    }

    [Fact]
    public async Task Skip_uses_up_a_sequence()
    {
        var store = NewStore();
        Assert.Equal(1UL, store.SkipMsg());
        Assert.Equal(2UL, store.SkipMsg());
        var state = store.State();
        Assert.Equal(0UL, state.Msgs);
        Assert.Equal(3UL, state.FirstSeq);
        Assert.Equal(2UL, state.LastSeq);
        Assert.Equal(3UL, await Put(store, "a"));
        Assert.Equal(3UL, store.State().FirstSeq);
    }

    [Fact]
    public async Task A_closed_store_refuses_work()
    {
        var store = NewStore();
        await Put(store, "a");
        store.Dispose();
        Assert.Equal(StoreError.Closed, await TryPut(store, "a"));
        Assert.Null(store.LoadMsg(1));
        Assert.False(store.RemoveMsg(1));
    }

    // ---- Removing ----

    [Fact]
    public async Task Removing_inside_the_range_leaves_deleted_details()
    {
        var store = NewStore();
        for (var i = 0; i < 6; i++) await Put(store, "a", $"m{i}");
        Assert.True(store.RemoveMsg(2));
        Assert.True(store.RemoveMsg(4));
        Assert.False(store.RemoveMsg(4));
        Assert.False(store.RemoveMsg(99));
        var state = store.State();
        Assert.Equal(4UL, state.Msgs);
        Assert.Equal(2, state.NumDeleted);
        Assert.Equal([2UL, 4], state.Deleted!);
        Assert.Null(store.State(withDeleted: false).Deleted);
        Assert.Equal(2, store.State(withDeleted: false).NumDeleted);

        // Removing the first moves the first sequence past the gap; the gap is no longer interior.
        Assert.True(store.RemoveMsg(1));
        state = store.State();
        Assert.Equal(3UL, state.FirstSeq);
        Assert.Equal([4UL], state.Deleted!);
        Assert.Equal(store.LoadMsg(3)!.Timestamp, state.FirstTime);
    }

    [Fact]
    public async Task Removing_every_message_leaves_first_past_last()
    {
        var store = NewStore();
        await Put(store, "a");
        await Put(store, "b");
        store.RemoveMsg(2);
        store.RemoveMsg(1);
        var state = store.State();
        Assert.Equal(0UL, state.Msgs);
        Assert.Equal(0UL, state.Bytes);
        Assert.Equal(3UL, state.FirstSeq);
        Assert.Equal(2UL, state.LastSeq);
        Assert.Equal(0, state.NumSubjects);
        Assert.Equal(3UL, await Put(store, "c"));
    }

    [Fact]
    public async Task Erase_removes_the_message()
    {
        var store = NewStore();
        await Put(store, "secret", "password", "NATS/1.0\r\nX: y\r\n\r\n");
        await Put(store, "other");
        Assert.True(store.EraseMsg(1));
        Assert.False(store.EraseMsg(1));
        Assert.Null(store.LoadMsg(1));
        Assert.Equal(1UL, store.State().Msgs);
        Assert.Empty(store.SubjectsTotals("secret"));
    }

    [Fact]
    public async Task Bytes_follow_stores_and_removals()
    {
        var size = await SizeOf("a", "12345");
        var store = NewStore();
        await Put(store, "a", "12345");
        await Put(store, "a", "12345");
        Assert.Equal(2 * size, store.State().Bytes);
        store.RemoveMsg(1);
        Assert.Equal(size, store.State().Bytes);
    }
}

using WebBroker.Broker.JetStream.Storage;

namespace WebBroker.Tests.JetStream.Storage;

public abstract partial class StreamStoreContract
{
    [Fact]
    public async Task Purge_removes_everything_and_sequences_continue()
    {
        var store = NewStore();
        for (var i = 0; i < 5; i++) await Put(store, $"s.{i}");
        Assert.Equal(5UL, store.Purge());
        var state = store.State();
        Assert.Equal(0UL, state.Msgs);
        Assert.Equal(0UL, state.Bytes);
        Assert.Equal(6UL, state.FirstSeq);
        Assert.Equal(5UL, state.LastSeq);
        Assert.Equal(0, state.NumSubjects);
        Assert.Equal(0UL, store.Purge());
        Assert.Equal(6UL, await Put(store, "s.0"));
        Assert.Equal(6UL, store.State().FirstSeq);
    }

    [Fact]
    public async Task Purge_by_subject_removes_only_that_subject()
    {
        var store = NewStore();
        await Put(store, "a"); // 1
        await Put(store, "b"); // 2
        await Put(store, "a"); // 3
        await Put(store, "c"); // 4
        Assert.Equal(2UL, store.PurgeEx("a", 0, 0));
        Assert.Equal([2UL, 4], Seqs(store));
        var state = store.State();
        Assert.Equal(2UL, state.FirstSeq);
        Assert.Equal([3UL], state.Deleted!);
        Assert.Equal(0UL, store.PurgeEx("a", 0, 0));
    }

    [Fact]
    public async Task Purge_by_wildcard_subject()
    {
        var store = NewStore();
        await Put(store, "kv.a");  // 1
        await Put(store, "kv.b");  // 2
        await Put(store, "log.x"); // 3
        await Put(store, "kv.a");  // 4
        Assert.Equal(3UL, store.PurgeEx("kv.*", 0, 0));
        Assert.Equal([3UL], Seqs(store));
        Assert.Equal(1, store.State().NumSubjects);
    }

    [Fact]
    public async Task Purge_with_keep_leaves_the_newest()
    {
        var store = NewStore();
        for (var i = 0; i < 5; i++) await Put(store, "a", $"a{i}"); // 1..5
        await Put(store, "b");                                         // 6
        Assert.Equal(3UL, store.PurgeEx("a", 0, 2));
        Assert.Equal([4UL, 5, 6], Seqs(store));
        Assert.Equal(0UL, store.PurgeEx("a", 0, 2));
        Assert.Equal(0UL, store.PurgeEx("a", 0, 5));

        // Keep over every subject.
        Assert.Equal(2UL, store.PurgeEx(null, 0, 1));
        Assert.Equal([6UL], Seqs(store));
    }

    [Fact]
    public async Task Purge_below_a_sequence()
    {
        var store = NewStore();
        await Put(store, "a"); // 1
        await Put(store, "b"); // 2
        await Put(store, "a"); // 3
        await Put(store, "a"); // 4
        // Subject "a" below 4: 1 and 3.
        Assert.Equal(2UL, store.PurgeEx("a", 4, 0));
        Assert.Equal([2UL, 4], Seqs(store));
        // Sequence 1 means nothing below it.
        Assert.Equal(0UL, store.PurgeEx("b", 1, 0));

        // Every subject below a sequence is a compact.
        Assert.Equal(1UL, store.PurgeEx(">", 3, 0));
        Assert.Equal([4UL], Seqs(store));
        Assert.Equal(4UL, store.State().FirstSeq);
    }

    [Fact]
    public async Task Compact_removes_below_a_sequence()
    {
        var store = NewStore();
        for (var i = 0; i < 10; i++) await Put(store, $"s.{i % 3}");
        store.RemoveMsg(6);
        Assert.Equal(5UL, store.Compact(6));
        var state = store.State();
        Assert.Equal(4UL, state.Msgs);
        Assert.Equal(7UL, state.FirstSeq);
        Assert.Equal(10UL, state.LastSeq);
        Assert.Equal(0, state.NumDeleted);
        Assert.Equal(new SimpleState(1, 9, 9), store.SubjectsState("s.2")["s.2"]);
        Assert.Equal(new SimpleState(2, 7, 10), store.SubjectsState("s.0")["s.0"]);
        // Below the first: nothing to do.
        Assert.Equal(0UL, store.Compact(3));
    }

    [Fact]
    public async Task Compact_past_the_end_sets_the_next_sequence()
    {
        var store = NewStore();
        await Put(store, "a");
        await Put(store, "b");
        Assert.Equal(2UL, store.Compact(100));
        var state = store.State();
        Assert.Equal(0UL, state.Msgs);
        Assert.Equal(100UL, state.FirstSeq);
        Assert.Equal(99UL, state.LastSeq);
        Assert.Equal(100UL, await Put(store, "c"));
    }

    [Fact]
    public async Task Compact_on_an_empty_store_sets_the_first_sequence()
    {
        var store = NewStore();
        store.Compact(1000);
        Assert.Equal(1000UL, await Put(store, "a"));
        Assert.Equal(1000UL, store.State().FirstSeq);
    }

    [Fact]
    public async Task Truncate_removes_above_a_sequence()
    {
        var store = NewStore();
        for (var i = 0; i < 6; i++)
        {
            await Put(store, i % 2 == 0 ? "even" : "odd");
            Clock.Advance(TimeSpan.FromSeconds(1));
        }
        var third = store.LoadMsg(3)!.Timestamp;
        store.Truncate(3);
        var state = store.State();
        Assert.Equal(3UL, state.Msgs);
        Assert.Equal(3UL, state.LastSeq);
        Assert.Equal(third, state.LastTime);
        Assert.Equal(new SimpleState(1, 2, 2), store.SubjectsState("odd")["odd"]);
        Assert.Equal(4UL, await Put(store, "odd"));

        store.Truncate(0);
        state = store.State();
        Assert.Equal(0UL, state.Msgs);
        Assert.Equal(0UL, state.LastSeq);
        Assert.Equal(1UL, await Put(store, "again"));
    }
}

using WebBroker.Broker.JetStream.Storage;

namespace WebBroker.Tests.JetStream.Storage;

public abstract partial class StreamStoreContract
{
    [Fact]
    public async Task Max_msgs_with_discard_old_drops_the_oldest()
    {
        var store = NewStore(c => c with { MaxMsgs = 3 });
        for (var i = 1; i <= 5; i++) await Put(store, "a", $"m{i}");
        var state = store.State();
        Assert.Equal(3UL, state.Msgs);
        Assert.Equal(3UL, state.FirstSeq);
        Assert.Equal(5UL, state.LastSeq);
        Assert.Equal("m3", Text(store.LoadMsg(3)));
    }

    [Fact]
    public async Task Max_msgs_with_discard_new_refuses_the_new()
    {
        var store = NewStore(c => c with { MaxMsgs = 2, Discard = DiscardPolicy.New });
        await Put(store, "a");
        await Put(store, "b");
        Assert.Equal(StoreError.MaxMsgs, await TryPut(store, "c"));
        Assert.Equal("maximum messages exceeded", StoreError.MaxMsgs.Describe());
        var state = store.State();
        Assert.Equal(2UL, state.Msgs);
        Assert.Equal(2UL, state.LastSeq);
        // Room again after a removal.
        store.RemoveMsg(1);
        Assert.Equal(3UL, await Put(store, "c"));
    }

    [Fact]
    public async Task Max_bytes_with_discard_old_drops_until_it_fits()
    {
        var size = await SizeOf("a", "0123456789");
        var store = NewStore(c => c with { MaxBytes = (long)(size * 3) });
        for (var i = 0; i < 5; i++) await Put(store, "a", "0123456789");
        var state = store.State();
        Assert.Equal(3UL, state.Msgs);
        Assert.Equal(size * 3, state.Bytes);
        Assert.Equal(3UL, state.FirstSeq);
    }

    [Fact]
    public async Task Max_bytes_with_discard_new_refuses_what_does_not_fit()
    {
        var size = await SizeOf("a", "0123456789");
        var store = NewStore(c => c with { MaxBytes = (long)(size * 2 + 5), Discard = DiscardPolicy.New });
        await Put(store, "a", "0123456789");
        await Put(store, "a", "0123456789");
        Assert.Equal(StoreError.MaxBytes, await TryPut(store, "a", "0123456789"));
        Assert.Equal("maximum bytes exceeded", StoreError.MaxBytes.Describe());
        Assert.Equal(2UL, store.State().Msgs);
    }

    [Fact]
    public async Task Max_msgs_per_subject_keeps_the_newest_of_each_subject()
    {
        var store = NewStore(c => c with { MaxMsgsPerSubject = 2 });
        for (var i = 1; i <= 4; i++)
        {
            await Put(store, "kv.a", $"a{i}");
            await Put(store, "kv.b", $"b{i}");
        }
        // a: 1 3 5 7, b: 2 4 6 8 -> the last two of each remain.
        Assert.Equal([5UL, 6, 7, 8], Seqs(store));
        Assert.Equal(new SimpleState(2, 5, 7), store.SubjectsState("kv.a")["kv.a"]);
        Assert.Equal(5UL, store.State().FirstSeq);
    }

    [Fact]
    public async Task Max_msgs_per_subject_of_one_is_a_last_value_store()
    {
        var store = NewStore(c => c with { MaxMsgsPerSubject = 1 });
        for (var i = 0; i < 50; i++) await Put(store, $"kv.{i % 5}", $"v{i}");
        Assert.Equal(5UL, store.State().Msgs);
        for (var k = 0; k < 5; k++) Assert.Equal($"v{45 + k}", Text(store.LoadLastMsg($"kv.{k}")));
        Assert.Equal([46UL, 47, 48, 49, 50], Seqs(store));
    }

    [Fact]
    public async Task Discard_new_per_subject_refuses_a_full_subject_but_not_a_rollup()
    {
        var store = NewStore(c => c with { MaxMsgsPerSubject = 1, Discard = DiscardPolicy.New, DiscardNewPerSubject = true });
        await Put(store, "kv.a", "1");
        Assert.Equal(StoreError.MaxMsgsPerSubject, await TryPut(store, "kv.a", "2"));
        Assert.Equal("maximum messages per subject exceeded", StoreError.MaxMsgsPerSubject.Describe());
        Assert.Equal(StoreError.None, await TryPut(store, "kv.b", "3"));
        // A rollup replaces the subject, so it passes.
        Assert.Equal(StoreError.None, await TryPut(store, "kv.a", "4", "NATS/1.0\r\nNats-Rollup: sub\r\n\r\n"));
        Assert.Equal("4", Text(store.LoadLastMsg("kv.a")));
        Assert.Equal(1UL, store.SubjectsTotals("kv.a")["kv.a"]);
    }

    [Fact]
    public async Task Discard_new_lets_a_message_replace_its_subjects_oldest_at_max_msgs()
    {
        // At the per-subject limit the new message replaces one, so the total does not grow.
        var store = NewStore(c => c with { MaxMsgs = 2, MaxMsgsPerSubject = 1, Discard = DiscardPolicy.New });
        await Put(store, "a", "a1");
        await Put(store, "b", "b1");
        Assert.Equal(StoreError.MaxMsgs, await TryPut(store, "c"));
        Assert.Equal(StoreError.None, await TryPut(store, "a", "a2"));
        Assert.Equal([2UL, 3], Seqs(store));
    }

    [Fact]
    public async Task Lowering_limits_applies_them_at_once()
    {
        var store = NewStore();
        for (var i = 0; i < 10; i++) await Put(store, $"s.{i % 2}");
        store.UpdateConfig(store.Config with { MaxMsgs = 4 });
        Assert.Equal([7UL, 8, 9, 10], Seqs(store));
        store.UpdateConfig(store.Config with { MaxMsgsPerSubject = 1 });
        Assert.Equal([9UL, 10], Seqs(store));
        Assert.Equal(4, store.Config.MaxMsgs);
    }

    [Fact]
    public async Task Max_age_expires_messages_on_the_timer()
    {
        var store = NewStore(c => c with { MaxAge = TimeSpan.FromSeconds(10) });
        await Put(store, "a"); // t=0
        Clock.Advance(TimeSpan.FromSeconds(4));
        await Put(store, "b"); // t=4
        Clock.Advance(TimeSpan.FromSeconds(4));
        await Put(store, "c"); // t=8
        Assert.Equal(3UL, store.State().Msgs);

        Clock.Advance(TimeSpan.FromSeconds(2)); // t=10: the first is 10s old
        Assert.Equal([2UL, 3], Seqs(store));
        Clock.Advance(TimeSpan.FromSeconds(4)); // t=14
        Assert.Equal([3UL], Seqs(store));
        Clock.Advance(TimeSpan.FromSeconds(10)); // t=24
        var state = store.State();
        Assert.Equal(0UL, state.Msgs);
        Assert.Equal(4UL, state.FirstSeq);
        Assert.Equal(3UL, state.LastSeq);

        // The timer comes back for later messages.
        await Put(store, "d");
        Clock.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(1UL, store.State().Msgs);
        Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0UL, store.State().Msgs);
    }

    [Fact]
    public async Task Max_age_set_later_expires_what_is_already_old()
    {
        var store = NewStore();
        await Put(store, "a");
        Clock.Advance(TimeSpan.FromMinutes(2));
        await Put(store, "b");
        store.UpdateConfig(store.Config with { MaxAge = TimeSpan.FromMinutes(1) });
        Clock.Advance(TimeSpan.Zero);
        Assert.Equal([2UL], Seqs(store));
    }
}

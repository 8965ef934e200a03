using WebBroker.Broker.JetStream.Storage;

namespace WebBroker.Tests.JetStream.Storage;

public abstract partial class StreamStoreContract
{
    /// <summary>orders.eu.new 1, orders.us.new 2, billing.eu 3, orders.eu.paid 4, orders.eu.new 5, orders.us.new 6.</summary>
    private async Task<IStreamStore> Orders()
    {
        var store = NewStore();
        foreach (var s in (string[])["orders.eu.new", "orders.us.new", "billing.eu", "orders.eu.paid", "orders.eu.new", "orders.us.new"])
            await Put(store, s);
        return store;
    }

    [Fact]
    public async Task Filtered_state_counts_literal_and_wildcard_subjects()
    {
        var store = await Orders();
        Assert.Equal(new SimpleState(6, 1, 6), store.FilteredState(1, null));
        Assert.Equal(new SimpleState(6, 1, 6), store.FilteredState(0, ">"));
        Assert.Equal(new SimpleState(2, 1, 5), store.FilteredState(1, "orders.eu.new"));
        Assert.Equal(new SimpleState(4, 1, 6), store.FilteredState(1, "orders.*.new"));
        Assert.Equal(new SimpleState(5, 1, 6), store.FilteredState(1, "orders.>"));
        Assert.Equal(new SimpleState(1, 3, 3), store.FilteredState(1, "*.eu"));
        Assert.Equal(default, store.FilteredState(1, "none"));
    }

    [Fact]
    public async Task Filtered_state_from_a_later_sequence()
    {
        var store = await Orders();
        Assert.Equal(new SimpleState(3, 4, 6), store.FilteredState(4, null));
        Assert.Equal(new SimpleState(1, 5, 5), store.FilteredState(2, "orders.eu.new"));
        Assert.Equal(new SimpleState(3, 2, 6), store.FilteredState(2, "orders.*.new"));
        Assert.Equal(new SimpleState(2, 5, 6), store.FilteredState(5, "orders.>"));
        Assert.Equal(default, store.FilteredState(4, "*.eu"));
        Assert.Equal(default, store.FilteredState(7, null));
    }

    [Fact]
    public async Task Filtered_state_after_removals()
    {
        var store = await Orders();
        store.RemoveMsg(1);
        store.RemoveMsg(6);
        Assert.Equal(new SimpleState(1, 5, 5), store.FilteredState(1, "orders.eu.new"));
        Assert.Equal(new SimpleState(2, 2, 5), store.FilteredState(1, "orders.*.new"));
        Assert.Equal(new SimpleState(1, 2, 2), store.FilteredState(1, "orders.us.new"));
    }

    [Fact]
    public async Task Subjects_state_and_totals_by_filter()
    {
        var store = await Orders();
        var all = store.SubjectsState(null);
        Assert.Equal(4, all.Count);
        Assert.Equal(new SimpleState(2, 2, 6), all["orders.us.new"]);
        var eu = store.SubjectsState("orders.eu.*");
        Assert.Equal(["orders.eu.new", "orders.eu.paid"], eu.Keys.Order());
        Assert.Equal(new SimpleState(2, 1, 5), eu["orders.eu.new"]);

        var totals = store.SubjectsTotals("orders.>");
        Assert.Equal(3, totals.Count);
        Assert.Equal(2UL, totals["orders.eu.new"]);
        Assert.Equal(1UL, totals["orders.eu.paid"]);
        Assert.Empty(store.SubjectsTotals("nothing"));
        Assert.Equal(4, store.State().NumSubjects);
    }

    [Fact]
    public async Task Num_pending_counts_from_a_sequence()
    {
        var store = await Orders();
        Assert.Equal((6UL, 6UL), store.NumPending(1, null, false));
        Assert.Equal((3UL, 6UL), store.NumPending(2, "orders.*.new", false));
        Assert.Equal((1UL, 6UL), store.NumPending(6, "orders.>", false));
        // Last per subject: the subjects whose newest message is at or after the start.
        Assert.Equal((4UL, 6UL), store.NumPending(1, null, true));
        Assert.Equal((2UL, 6UL), store.NumPending(1, "orders.*.new", true));
        Assert.Equal((2UL, 6UL), store.NumPending(5, ">", true));
        Assert.Equal((0UL, 6UL), store.NumPending(7, null, false));
    }

    [Fact]
    public async Task Sequence_from_time()
    {
        var store = NewStore();
        var start = NowNanos;
        await Put(store, "a"); // t=0
        Clock.Advance(TimeSpan.FromSeconds(10));
        await Put(store, "b"); // t=10
        Clock.Advance(TimeSpan.FromSeconds(10));
        await Put(store, "c"); // t=20
        const long second = 1_000_000_000;
        Assert.Equal(1UL, store.GetSeqFromTime(start - second));
        Assert.Equal(1UL, store.GetSeqFromTime(start));
        Assert.Equal(2UL, store.GetSeqFromTime(start + 5 * second));
        Assert.Equal(2UL, store.GetSeqFromTime(start + 10 * second));
        Assert.Equal(3UL, store.GetSeqFromTime(start + 11 * second));
        Assert.Equal(4UL, store.GetSeqFromTime(start + 21 * second));
    }

    [Fact]
    public async Task Many_subjects_with_a_wildcard_load_in_order()
    {
        // More subjects than the store bounds a wildcard scan with: the scan still finds the matches.
        var store = NewStore();
        for (var i = 0; i < 600; i++) await Put(store, i % 100 == 0 ? $"hit.{i}" : $"miss.{i}");
        Assert.Equal([1UL, 101, 201, 301, 401, 501], Seqs(store, "hit.*"));
        Assert.Equal(new SimpleState(5, 101, 501), store.FilteredState(50, "hit.*"));
    }

    [Fact]
    public async Task Several_filters_load_and_count_each_message_once()
    {
        var store = await Orders();
        string[] filters = ["billing.*", "orders.us.new"];
        var seqs = new List<ulong>();
        for (var m = store.LoadNextMsgMulti(filters, 0); m is not null; m = store.LoadNextMsgMulti(filters, m.Sequence + 1))
            seqs.Add(m.Sequence);
        Assert.Equal([2UL, 3, 6], seqs);
        Assert.Null(store.LoadNextMsgMulti(["none"], 0));

        Assert.Equal((3UL, 6UL), store.NumPendingMulti(filters, 1, false));
        Assert.Equal((2UL, 6UL), store.NumPendingMulti(filters, 3, false));
        // Overlapping filters count a message once.
        Assert.Equal((3UL, 6UL), store.NumPendingMulti(["orders.eu.*", "orders.eu.new"], 1, false));
        Assert.Equal((2UL, 6UL), store.NumPendingMulti(["orders.eu.*", "*.eu.new"], 2, false));
        Assert.Equal((2UL, 6UL), store.NumPendingMulti(["orders.eu.*", "orders.eu.new"], 1, true));
        Assert.Equal((6UL, 6UL), store.NumPendingMulti(["x", ">"], 1, false));
    }
}

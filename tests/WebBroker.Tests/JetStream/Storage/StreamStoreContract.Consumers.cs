using WebBroker.Broker.JetStream.Storage;

namespace WebBroker.Tests.JetStream.Storage;

public abstract partial class StreamStoreContract
{
    private static readonly ConsumerStoreConfig Explicit = new() { AckPolicy = AckPolicy.Explicit, MaxDeliver = 5, Definition = "{\"durable_name\":\"C\"}" };

    [Fact]
    public void Explicit_acks_move_the_floor_over_contiguous_acks_only()
    {
        var store = NewStore();
        var c = store.ConsumerStore("C", 123, Explicit);
        for (ulong i = 1; i <= 4; i++) Assert.Equal(StoreError.None, c.UpdateDelivered(i, i + 10, 1, (long)i * 100));
        var s = c.State();
        Assert.Equal(new SequencePair(4, 14), s.Delivered);
        Assert.Equal(new SequencePair(0, 0), s.AckFloor);
        Assert.Equal(4, s.Pending.Count);
        Assert.Equal(new PendingDelivery(2, 200), s.Pending[12]);

        // An ack out of order leaves the floor; the missing one then lifts it over both.
        Assert.Equal(StoreError.None, c.UpdateAcks(2, 12));
        Assert.Equal(new SequencePair(0, 0), c.State().AckFloor);
        Assert.Equal(StoreError.None, c.UpdateAcks(1, 11));
        s = c.State();
        Assert.Equal(new SequencePair(2, 12), s.AckFloor);
        Assert.Equal([13UL, 14], s.Pending.Keys.Order().ToArray());

        // A replay at or below the floor is ignored; an unknown sequence is not found.
        Assert.Equal(StoreError.None, c.UpdateAcks(2, 12));
        Assert.Equal(StoreError.MsgNotFound, c.UpdateAcks(9, 99));
        c.UpdateAcks(3, 13);
        c.UpdateAcks(4, 14);
        s = c.State();
        Assert.Equal(new SequencePair(4, 14), s.AckFloor);
        Assert.Empty(s.Pending);
    }

    [Fact]
    public void Redeliveries_are_counted_and_keep_the_first_delivery_sequence()
    {
        var store = NewStore();
        var c = store.ConsumerStore("C", 0, Explicit);
        c.UpdateDelivered(1, 1, 1, 100);
        c.UpdateDelivered(2, 2, 1, 100);
        c.UpdateDelivered(3, 1, 2, 300); // stream 1 again
        c.UpdateDelivered(4, 1, 3, 400); // and again
        var s = c.State();
        Assert.Equal(new PendingDelivery(1, 400), s.Pending[1]);
        Assert.Equal(2UL, s.Redelivered[1]);
        Assert.Equal(new SequencePair(4, 2), s.Delivered);

        // Past max_deliver it is no longer pending.
        c.UpdateDelivered(9, 2, 6, 900);
        s = c.State();
        Assert.False(s.Pending.ContainsKey(2));
        Assert.Equal(5UL, s.Redelivered[2]);

        // An ack clears the count.
        c.UpdateAcks(4, 1);
        Assert.False(c.State().Redelivered.ContainsKey(1));
        c.RemoveRedeliveredBelow(3);
        Assert.Empty(c.State().Redelivered);
    }

    [Fact]
    public void Ack_all_acks_everything_up_to_the_sequence()
    {
        var store = NewStore();
        var c = store.ConsumerStore("C", 0, new ConsumerStoreConfig { AckPolicy = AckPolicy.All });
        for (ulong i = 1; i <= 5; i++) c.UpdateDelivered(i, i, 1, 0);
        c.UpdateDelivered(6, 2, 2, 0);
        Assert.Equal(StoreError.None, c.UpdateAcks(3, 3));
        var s = c.State();
        Assert.Equal(new SequencePair(3, 3), s.AckFloor);
        Assert.Equal([4UL, 5], s.Pending.Keys.Order().ToArray());
        Assert.Empty(s.Redelivered);
    }

    [Fact]
    public void Ack_none_moves_the_floor_with_deliveries()
    {
        var store = NewStore();
        var c = store.ConsumerStore("C", 0, new ConsumerStoreConfig { AckPolicy = AckPolicy.None });
        c.UpdateDelivered(1, 5, 1, 0);
        c.UpdateDelivered(2, 7, 1, 0);
        var s = c.State();
        Assert.Equal(new SequencePair(2, 7), s.Delivered);
        Assert.Equal(new SequencePair(2, 7), s.AckFloor);
        Assert.Empty(s.Pending);
        Assert.Equal(StoreError.NoAckPolicy, c.UpdateAcks(2, 7));
        Assert.Equal(StoreError.NoAckPolicy, c.UpdateDelivered(3, 8, 2, 0));
    }

    [Fact]
    public void Starting_points_and_reset()
    {
        var store = NewStore();
        var c = store.ConsumerStore("C", 0, Explicit);
        Assert.False(c.HasState);
        c.SetStarting(10);
        Assert.True(c.HasState);
        Assert.Equal(new SequencePair(0, 10), c.State().AckFloor);
        c.UpdateStarting(5);
        Assert.Equal(10UL, c.State().Delivered.Stream);
        c.UpdateStarting(20);
        Assert.Equal(20UL, c.State().Delivered.Stream);
        Assert.Equal(10UL, c.State().AckFloor.Stream);
        c.UpdateDelivered(1, 21, 1, 0);
        c.Reset(30);
        var s = c.State();
        Assert.Empty(s.Pending);
        Assert.Equal(new SequencePair(0, 30), s.Delivered);
    }

    [Fact]
    public void Whole_state_updates_refuse_old_and_bad_states()
    {
        var store = NewStore();
        var c = store.ConsumerStore("C", 0, Explicit);
        var state = new ConsumerState
        {
            Delivered = new SequencePair(10, 20),
            AckFloor = new SequencePair(8, 18),
            Pending = { [19] = new PendingDelivery(9, 1000), [20] = new PendingDelivery(10, 2000) },
            Redelivered = { [19] = 2 },
        };
        Assert.Equal(StoreError.None, c.Update(state));
        var back = c.State();
        Assert.Equal(state.Delivered, back.Delivered);
        Assert.Equal(state.AckFloor, back.AckFloor);
        Assert.Equal(state.Pending, back.Pending);
        Assert.Equal(state.Redelivered, back.Redelivered);

        var older = new ConsumerState { Delivered = new SequencePair(5, 15), AckFloor = new SequencePair(5, 15) };
        Assert.Equal(StoreError.OldUpdate, c.Update(older));
        Assert.Equal(StoreError.None, c.ForceUpdate(older));
        Assert.Equal(new SequencePair(5, 15), c.State().Delivered);

        var bad = new ConsumerState { Delivered = new SequencePair(1, 1), AckFloor = new SequencePair(2, 2) };
        Assert.Equal(StoreError.BadConsumerState, c.ForceUpdate(bad));
        var outOfRange = new ConsumerState { Delivered = new SequencePair(5, 5), Pending = { [9] = new PendingDelivery(1, 0) } };
        Assert.Equal(StoreError.BadConsumerState, c.Update(outOfRange));
    }

    [Fact]
    public void Consumers_are_listed_counted_and_deleted()
    {
        var store = NewStore();
        var a = store.ConsumerStore("A", 1, Explicit);
        store.ConsumerStore("B", 2, Explicit);
        Assert.Same(a, store.ConsumerStore("A", 1, Explicit with { MaxDeliver = 9 }));
        Assert.Equal(9, a.Config.MaxDeliver);
        Assert.Equal(2, store.State().Consumers);
        Assert.Equal(["A", "B"], store.Consumers.Select(c => c.Name).Order());
        a.Delete();
        Assert.Equal(["B"], store.Consumers.Select(c => c.Name));
        Assert.Equal(1, store.State().Consumers);
    }
}

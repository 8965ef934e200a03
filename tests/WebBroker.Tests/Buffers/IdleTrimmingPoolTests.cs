using WebBroker.Broker.Buffers;
using WebBroker.Broker.Clients;

namespace WebBroker.Tests.Buffers;

/// <summary>The pools keep what traffic uses and give back what it stopped using (issue 11: memory after load).</summary>
public class IdleTrimmingPoolTests
{
    [Fact]
    public void Every_returned_item_is_reused_so_steady_traffic_allocates_nothing()
    {
        var created = 0;
        var pool = new IdleTrimmingPool<object>(() => { created++; return new object(); });
        var held = Enumerable.Range(0, 100).Select(_ => pool.Rent()).ToList();
        foreach (var item in held) pool.Return(item);
        for (var round = 0; round < 10; round++)
        {
            held = Enumerable.Range(0, 100).Select(_ => pool.Rent()).ToList();
            foreach (var item in held) pool.Return(item);
        }
        Assert.Equal(100, created);
    }

    [Fact]
    public void Trim_drops_only_what_stayed_unused_for_a_whole_period()
    {
        var pool = new IdleTrimmingPool<object>(() => new object());
        var burst = Enumerable.Range(0, 100).Select(_ => pool.Rent()).ToList();
        foreach (var item in burst) pool.Return(item);
        pool.Trim(); // ends the period of the burst: everything was in use during it
        Assert.Equal(100, pool.Count);

        // The next period needs at most 10 at once: 90 stayed unused throughout, and go.
        var steady = Enumerable.Range(0, 10).Select(_ => pool.Rent()).ToList();
        foreach (var item in steady) pool.Return(item);
        Assert.Equal(90, pool.Trim());
        Assert.Equal(10, pool.Count);

        // Nothing used at all in the next period: the rest goes too.
        Assert.Equal(10, pool.Trim());
        Assert.Equal(0, pool.Count);
    }

    [Fact]
    public void Outbound_chunks_are_pooled_and_larger_buffers_are_not_kept()
    {
        var chunk = OutboundBuffers.Rent(100);
        Assert.Equal(OutboundBuffers.ChunkSize, chunk.Length);
        var large = OutboundBuffers.Rent(OutboundBuffers.ChunkSize + 1);
        Assert.True(large.Length > OutboundBuffers.ChunkSize);
        var pooled = OutboundBuffers.PooledBytes;
        OutboundBuffers.Return(chunk);
        OutboundBuffers.Return(large);
        Assert.True(OutboundBuffers.PooledBytes >= pooled + OutboundBuffers.ChunkSize);
    }
}

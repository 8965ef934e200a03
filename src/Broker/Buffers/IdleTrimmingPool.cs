using System.Collections.Concurrent;

namespace WebBroker.Broker.Buffers;

/// <summary>
/// A pool that keeps every item returned to it, so that steady traffic, however many buffers it holds at
/// once, allocates nothing after warm-up (ArrayPool.Shared keeps only a few arrays per core; the rest
/// become garbage that lives long enough to reach gen 2, which is what made RSS climb under fan-out).
/// What the traffic stops needing is given back by <see cref="Trim"/>: the items that stayed unused for a
/// whole period between two calls (the low-water mark of the free count) are dropped for the GC.
/// </summary>
public sealed class IdleTrimmingPool<T>(Func<T> create) where T : class
{
    private readonly ConcurrentQueue<T> _free = new();
    private int _count;
    private int _lowWater;

    /// <summary>Items waiting in the pool.</summary>
    public int Count => Volatile.Read(ref _count);

    public T Rent()
    {
        if (!_free.TryDequeue(out var item)) return create();
        var count = Interlocked.Decrement(ref _count);
        if (count < _lowWater) _lowWater = count; // racy on purpose: an estimate is enough
        return item;
    }

    public void Return(T item)
    {
        _free.Enqueue(item);
        Interlocked.Increment(ref _count);
    }

    /// <summary>Drops the items nobody needed since the last call; returns how many.</summary>
    public int Trim()
    {
        var surplus = Math.Min(_lowWater, Count);
        var dropped = 0;
        while (dropped < surplus && _free.TryDequeue(out _))
        {
            Interlocked.Decrement(ref _count);
            dropped++;
        }
        _lowWater = Count;
        return dropped;
    }
}

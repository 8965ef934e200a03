using System.Buffers;
using System.Collections.Concurrent;
using Microsoft.AspNetCore.Connections;
using WebBroker.Broker.Buffers;

namespace WebBroker.Web.Transport;

/// <summary>
/// Kestrel's transports take their socket buffers from this pool. Its 32 KiB blocks (Kestrel's own
/// are 4 KiB) let one receive call take in a large batch, so a fast publisher costs an eighth of the
/// system calls. Not 64 KiB: a publisher's read batch is what it may add to every lagging subscriber's
/// queue before it is stalled, and the write side holds blocks of this size per lagging subscriber
/// (with 64 subscribers, 64 KiB blocks peaked about 5 MiB higher, with 256 about 17 MiB). Blocks are pinned and reused; those that stay unused
/// between two calls of <see cref="Trim"/> (the host calls it periodically) are dropped for the GC, so
/// memory taken by a burst of traffic is given back after it.
/// </summary>
public sealed class LargeBlockMemoryPool : MemoryPool<byte>
{
    public const int BlockSize = 32 * 1024;
    private readonly IdleTrimmingPool<Block> _free;

    public LargeBlockMemoryPool() => _free = new(() => new Block(this));

    public override int MaxBufferSize => BlockSize;

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, BlockSize);
        return _free.Rent();
    }

    /// <summary>Drops the blocks unused since the last call; returns the bytes given back to the GC.</summary>
    public long Trim() => (long)_free.Trim() * BlockSize;

    /// <summary>Bytes held by the pool, free for the next rent.</summary>
    public long PooledBytes => (long)_free.Count * BlockSize;

    protected override void Dispose(bool disposing) { }

    private sealed class Block(LargeBlockMemoryPool pool) : MemoryManager<byte>
    {
        private readonly byte[] _array = GC.AllocateUninitializedArray<byte>(BlockSize, pinned: true);

        public override Span<byte> GetSpan() => _array;

        public override unsafe MemoryHandle Pin(int elementIndex = 0) =>
            new(System.Runtime.CompilerServices.Unsafe.AsPointer(ref _array[elementIndex]), default, this);

        public override void Unpin() { }

        protected override bool TryGetArray(out ArraySegment<byte> segment)
        {
            segment = new ArraySegment<byte>(_array);
            return true;
        }

        /// <summary>IMemoryOwner.Dispose: back to the pool.</summary>
        protected override void Dispose(bool disposing) => pool._free.Return(this);
    }
}

/// <summary>Hands Kestrel <see cref="LargeBlockMemoryPool"/> instances, and remembers them for trimming.</summary>
public sealed class LargeBlockMemoryPoolFactory : IMemoryPoolFactory<byte>
{
    private readonly ConcurrentBag<LargeBlockMemoryPool> _pools = [];

    public MemoryPool<byte> Create(MemoryPoolOptions? options = null)
    {
        var pool = new LargeBlockMemoryPool();
        _pools.Add(pool);
        return pool;
    }

    /// <summary>Trims every pool handed out; returns the bytes given back to the GC.</summary>
    public long Trim() => _pools.Sum(p => p.Trim());
}

using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Connections;

namespace WebBroker.Web.Transport;

/// <summary>
/// Kestrel's transports take their socket buffers from this pool. Its 64 KiB blocks (Kestrel's own
/// are 4 KiB) let one receive call take in as much as nats-server's read loop does, so a fast
/// publisher costs a sixteenth of the system calls. Blocks are pinned and reused, never freed.
/// </summary>
public sealed class LargeBlockMemoryPool : MemoryPool<byte>
{
    public const int BlockSize = 64 * 1024;
    private readonly ConcurrentQueue<Block> _free = new();

    public override int MaxBufferSize => BlockSize;

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, BlockSize);
        return _free.TryDequeue(out var block) ? block : new Block(this);
    }

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
        protected override void Dispose(bool disposing) => pool._free.Enqueue(this);
    }
}

/// <summary>Hands Kestrel <see cref="LargeBlockMemoryPool"/> instances.</summary>
public sealed class LargeBlockMemoryPoolFactory : IMemoryPoolFactory<byte>
{
    public MemoryPool<byte> Create(MemoryPoolOptions? options = null) => new LargeBlockMemoryPool();
}

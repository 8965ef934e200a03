using System.Buffers;
using WebBroker.Broker.Buffers;

namespace WebBroker.Broker.Clients;

/// <summary>
/// The chunks that hold queued outbound bytes. Chunks of the usual size come from a pool of their own that
/// keeps all of them (fan-out to many lagging subscribers holds thousands at once); the rare larger one
/// (one message bigger than a chunk) comes from ArrayPool.Shared. The host trims the pool when idle.
/// </summary>
public static class OutboundBuffers
{
    public const int ChunkSize = 32 * 1024;

    private static readonly IdleTrimmingPool<byte[]> s_chunks = new(() => GC.AllocateUninitializedArray<byte>(ChunkSize));

    internal static byte[] Rent(int minimumLength) =>
        minimumLength <= ChunkSize ? s_chunks.Rent() : ArrayPool<byte>.Shared.Rent(minimumLength);

    internal static void Return(byte[] buffer)
    {
        if (buffer.Length == ChunkSize) s_chunks.Return(buffer);
        else ArrayPool<byte>.Shared.Return(buffer);
    }

    /// <summary>Drops the chunks that stayed unused since the last call; returns the bytes given back to the GC.</summary>
    public static long Trim() => (long)s_chunks.Trim() * ChunkSize;

    /// <summary>Bytes held by the pool (for tests and diagnostics).</summary>
    public static long PooledBytes => (long)s_chunks.Count * ChunkSize;
}

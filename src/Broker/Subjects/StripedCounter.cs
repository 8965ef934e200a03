using System.Numerics;

namespace WebBroker.Broker.Subjects;

/// <summary>
/// A counter that many threads bump on a hot path without sharing a cache line: each processor adds to
/// its own padded cell, and reading sums the cells. The total is exact; a read is a moment's sum.
/// </summary>
internal sealed class StripedCounter
{
    private const int CellLongs = 8; // 64 bytes apart, one cache line per cell
    private readonly long[] _cells;
    private readonly int _mask;

    public StripedCounter()
    {
        var stripes = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Clamp(Environment.ProcessorCount, 1, 16));
        _cells = new long[stripes * CellLongs];
        _mask = stripes - 1;
    }

    public void Increment() => Interlocked.Increment(ref _cells[(Thread.GetCurrentProcessorId() & _mask) * CellLongs]);

    public long Read()
    {
        long sum = 0;
        for (var i = 0; i < _cells.Length; i += CellLongs) sum += Volatile.Read(ref _cells[i]);
        return sum;
    }
}

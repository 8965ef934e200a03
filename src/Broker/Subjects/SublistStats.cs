namespace WebBroker.Broker.Subjects;

/// <summary>
/// A sublist's counters as /subsz reports them. Fan-out is measured over the cached results, as
/// nats-server measures it (plain subscribers plus queue groups of each result), so reading it costs
/// at most one pass over the bounded cache, never a walk of every subscription.
/// </summary>
public readonly record struct SublistStats(
    int Subscriptions, int CacheEntries, long Inserts, long Removes, long Matches, long CacheHits,
    int MaxFanout, long TotalFanout, int FanoutEntries)
{
    public double CacheHitRate => Matches == 0 ? 0 : (double)CacheHits / Matches;
    public double AvgFanout => FanoutEntries == 0 ? 0 : (double)TotalFanout / FanoutEntries;

    /// <summary>The sum over several sublists (the accounts of a server).</summary>
    public static SublistStats operator +(SublistStats a, SublistStats b) => new(
        a.Subscriptions + b.Subscriptions, a.CacheEntries + b.CacheEntries, a.Inserts + b.Inserts, a.Removes + b.Removes,
        a.Matches + b.Matches, a.CacheHits + b.CacheHits, Math.Max(a.MaxFanout, b.MaxFanout),
        a.TotalFanout + b.TotalFanout, a.FanoutEntries + b.FanoutEntries);
}

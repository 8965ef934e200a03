using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace WebBroker.Broker.Subjects;

/// <summary>
/// The match cache in front of a sublist: literal subject → result. Lookups take no lock. It holds at
/// most about <see cref="MaxEntries"/> results; crossing that trims it to <see cref="SweepTo"/> by
/// dropping entries in the dictionary's (hash, so effectively random) order, so a stream of distinct
/// subjects costs one cheap miss each and can never make the cache thrash or stall. A SUB or UNSUB
/// drops only the entries whose subject its pattern matches.
/// </summary>
/// <remarks>
/// Readers fill the cache without any lock, so a result computed just before a SUB/UNSUB could be stored
/// just after that change dropped the affected entries. Every change bumps a generation first; a reader
/// stores its result unconfirmed, then confirms it only if the generation is still the one it read
/// before walking the trie (else it takes it back). Unconfirmed entries are never served, and a change
/// that comes after the confirmation finds the entry in the dictionary and drops it.
/// </remarks>
internal sealed class SublistCache<T> where T : class
{
    public const int MaxEntries = 1024;
    public const int SweepTo = 256;
    private const int RecentMisses = 4096;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Entry>.AlternateLookup<ReadOnlySpan<char>> _bySpan;
    private readonly int[] _recentMisses = new int[RecentMisses];
    private long _generation;
    private int _count;
    private int _sweeping;

    public SublistCache() => _bySpan = _entries.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Entries held now (a plain count kept beside the dictionary, whose own Count locks it whole).</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Read before computing a result that will be offered to <see cref="Add"/>.</summary>
    public long Generation => Volatile.Read(ref _generation);

    public bool TryGet(ReadOnlySpan<char> subject, [MaybeNullWhen(false)] out SublistResult<T> result)
    {
        if (_bySpan.TryGetValue(subject, out var entry) && entry.Confirmed)
        {
            result = entry.Result;
            return true;
        }
        result = null;
        return false;
    }

    /// <summary>
    /// Whether a missed subject should be cached: only when it was missed once already in the recent past
    /// (a hashed slot remembers the last subject missed there). A stream of subjects each published once
    /// (unique inboxes, a client cycling through a huge subject space) then never pays for inserting and
    /// evicting entries, and cannot push the subjects in real use out of the cache.
    /// </summary>
    public bool Admit(ReadOnlySpan<char> subject)
    {
        var hash = string.GetHashCode(subject);
        ref var slot = ref _recentMisses[hash & (_recentMisses.Length - 1)];
        if (slot == hash) return true;
        slot = hash;
        return false;
    }

    /// <summary>Offers a result computed from the trie as it was at <paramref name="generation"/>.</summary>
    public void Add(ReadOnlySpan<char> subject, SublistResult<T> result, long generation)
    {
        var key = subject.ToString();
        var entry = new Entry(result);
        if (!_entries.TryAdd(key, entry)) return;
        // Interlocked is a full fence: the entry is visible before the generation is read below, so a
        // change either bumped the generation before that read (we take the entry back) or starts its
        // scan after it and finds the entry.
        var count = Interlocked.Increment(ref _count);
        if (Volatile.Read(ref _generation) == generation) entry.Confirmed = true;
        else Drop(KeyValuePair.Create(key, entry));
        if (count > MaxEntries && Interlocked.CompareExchange(ref _sweeping, 1, 0) == 0) Sweep();
    }

    /// <summary>After a subscription on <paramref name="pattern"/> was added to or removed from the trie:
    /// drops the entries that subscription could change, and only those.</summary>
    public void Invalidate(string pattern)
    {
        Interlocked.Increment(ref _generation);
        if (!SubjectPattern.HasWildcard(pattern))
        {
            if (_entries.TryRemove(pattern, out _)) Interlocked.Decrement(ref _count);
            return;
        }
        foreach (var (subject, entry) in _entries)
            if (SubjectPattern.Matches(pattern, subject)) Drop(KeyValuePair.Create(subject, entry));
    }

    /// <summary>Fan-out figures over the cached results, as nats-server reports them (plain subscribers
    /// plus queue groups per result); bounded by the cache size.</summary>
    public (int Entries, long TotalFanout, int MaxFanout) Fanout()
    {
        int entries = 0, max = 0;
        long total = 0;
        foreach (var (_, entry) in _entries)
        {
            if (!entry.Confirmed) continue;
            var fanout = entry.Result.Plain.Length + entry.Result.Queues.Length;
            entries++;
            total += fanout;
            max = Math.Max(max, fanout);
        }
        return (entries, total, max);
    }

    private void Sweep()
    {
        try
        {
            foreach (var (subject, _) in _entries)
            {
                if (Volatile.Read(ref _count) <= SweepTo) break;
                if (_entries.TryRemove(subject, out _)) Interlocked.Decrement(ref _count);
            }
        }
        finally
        {
            Volatile.Write(ref _sweeping, 0);
        }
    }

    // Removes exactly this entry (not one that replaced it meanwhile).
    private void Drop(KeyValuePair<string, Entry> pair)
    {
        if (_entries.TryRemove(pair)) Interlocked.Decrement(ref _count);
    }

    private sealed class Entry(SublistResult<T> result)
    {
        public readonly SublistResult<T> Result = result;
        public volatile bool Confirmed;
    }
}

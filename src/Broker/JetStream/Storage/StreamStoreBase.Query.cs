namespace WebBroker.Broker.JetStream.Storage;

public abstract partial class StreamStoreBase
{
    /// <summary>Above this many subjects a wildcard load scans messages instead of first bounding the scan by
    /// the matching subjects (bounding costs a pass over every subject).</summary>
    private const int BoundScanSubjectLimit = 256;

    public StoreMsg? LoadMsg(ulong seq, StoreMsg? reuse = null)
    {
        lock (Sync)
        {
            if (Closed || seq < FirstSeq || seq > LastSeq) return null;
            reuse ??= new StoreMsg();
            return ReadMsg(seq, reuse) ? reuse : null;
        }
    }

    public string? SubjectForSeq(ulong seq)
    {
        lock (Sync)
        {
            if (Closed || seq < FirstSeq || seq > LastSeq) return null;
            return ReadMeta(seq, out var subject, out _, out _) ? subject : null;
        }
    }

    public StoreMsg? LoadNextMsg(string? filter, ulong start, StoreMsg? reuse = null)
    {
        lock (Sync)
        {
            if (Closed || Msgs == 0) return null;
            if (start < FirstSeq) start = FirstSeq;
            if (start > LastSeq) return null;
            var seq = NextMatchLocked(filter, start, LastSeq);
            if (seq == 0) return null;
            reuse ??= new StoreMsg();
            return ReadMsg(seq, reuse) ? reuse : null;
        }
    }

    public StoreMsg? LoadNextMsgMulti(IReadOnlyList<string> filters, ulong start, StoreMsg? reuse = null)
    {
        lock (Sync)
        {
            if (Closed || Msgs == 0) return null;
            if (start < FirstSeq) start = FirstSeq;
            if (start > LastSeq) return null;
            ulong best = 0;
            for (var i = 0; i < filters.Count; i++)
            {
                // Each later filter only needs to look below the best found so far.
                var seq = NextMatchLocked(filters[i], start, best == 0 ? LastSeq : best - 1);
                if (seq != 0) best = seq;
            }
            if (best == 0) return null;
            reuse ??= new StoreMsg();
            return ReadMsg(best, reuse) ? reuse : null;
        }
    }

    /// <summary>The first sequence in [start, to] matching the filter, bounded by the subject index; 0 if none.</summary>
    private ulong NextMatchLocked(string? filter, ulong start, ulong to)
    {
        if (start > to) return 0;
        if (SubjectIndex.IsAll(filter)) return NextSeq(start, to, null);
        if (!SubjectIndex.HasWildcard(filter!))
        {
            var ss = Subjects.Find(filter!);
            if (ss is null) return 0;
            Refresh(ss);
            if (start > ss.Last) return 0;
            return NextSeq(Math.Max(start, ss.First), Math.Min(to, ss.Last), ss.Subject);
        }
        ulong lo = start, hi = to;
        if (Subjects.Count <= BoundScanSubjectLimit && !Bounds(filter!, start, out lo, out hi)) return 0;
        return NextSeq(Math.Max(start, lo), Math.Min(to, hi), filter);
    }

    /// <summary>The lowest first and highest last of the subjects matching a wildcard that still have a message
    /// at or after <paramref name="start"/>.</summary>
    private bool Bounds(string filter, ulong start, out ulong lo, out ulong hi)
    {
        lo = ulong.MaxValue;
        hi = 0;
        foreach (var (subject, ss) in Subjects)
        {
            if (!SubjectIndex.Matches(filter, subject)) continue;
            Refresh(ss);
            if (ss.Last < start) continue;
            lo = Math.Min(lo, ss.First);
            hi = Math.Max(hi, ss.Last);
        }
        return hi != 0;
    }

    public StoreMsg? LoadLastMsg(string? filter, StoreMsg? reuse = null)
    {
        lock (Sync)
        {
            if (Closed || Msgs == 0) return null;
            ulong seq = 0;
            if (SubjectIndex.IsAll(filter)) seq = PrevSeq(LastSeq, FirstSeq, null);
            else if (!SubjectIndex.HasWildcard(filter!))
            {
                var ss = Subjects.Find(filter!);
                if (ss is null) return null;
                Refresh(ss);
                seq = ss.Last;
            }
            else
            {
                foreach (var (subject, ss) in Subjects)
                {
                    if (!SubjectIndex.Matches(filter, subject)) continue;
                    Refresh(ss);
                    seq = Math.Max(seq, ss.Last);
                }
            }
            if (seq == 0) return null;
            reuse ??= new StoreMsg();
            return ReadMsg(seq, reuse) ? reuse : null;
        }
    }

    public ulong GetSeqFromTime(long timestamp)
    {
        lock (Sync)
        {
            if (Msgs == 0 || Closed) return LastSeq + 1;
            if (timestamp <= FirstTs) return FirstSeq;
            var found = LastSeq + 1;
            Scan(FirstSeq, LastSeq, (seq, _, _, ts) =>
            {
                if (ts < timestamp) return true;
                found = seq;
                return false;
            });
            return found;
        }
    }

    public StreamState State(bool withDeleted = true)
    {
        lock (Sync)
        {
            var numDeleted = LastSeq >= FirstSeq ? (int)Math.Min(int.MaxValue, LastSeq - FirstSeq + 1 - Msgs) : 0;
            ulong[]? deleted = null;
            if (withDeleted && numDeleted > 0 && !Closed)
            {
                var list = new List<ulong>(numDeleted);
                var expected = FirstSeq;
                Scan(FirstSeq, LastSeq, (seq, _, _, _) =>
                {
                    for (; expected < seq; expected++) list.Add(expected);
                    expected = seq + 1;
                    return true;
                });
                for (; expected <= LastSeq; expected++) list.Add(expected);
                deleted = [.. list];
            }
            return new StreamState
            {
                Msgs = Msgs,
                Bytes = Bytes,
                FirstSeq = FirstSeq,
                FirstTime = FirstTs,
                LastSeq = LastSeq,
                LastTime = LastTs,
                NumSubjects = Subjects.Count,
                NumDeleted = numDeleted,
                Deleted = deleted,
                Consumers = ConsumerMap.Count,
            };
        }
    }

    public SimpleState FilteredState(ulong startSeq, string? filter)
    {
        lock (Sync) return FilteredLocked(startSeq, filter, lastPerSubject: false);
    }

    public (ulong Total, ulong ValidThrough) NumPending(ulong startSeq, string? filter, bool lastPerSubject)
    {
        lock (Sync) return (FilteredLocked(startSeq, filter, lastPerSubject).Msgs, LastSeq);
    }

    public (ulong Total, ulong ValidThrough) NumPendingMulti(IReadOnlyList<string> filters, ulong startSeq, bool lastPerSubject)
    {
        lock (Sync) return (FilteredLocked(startSeq, null, lastPerSubject, filters).Msgs, LastSeq);
    }

    /// <summary>Whether a subject matches the one filter, or any of <paramref name="many"/> when given.</summary>
    private static bool MatchesAny(string? filter, IReadOnlyList<string>? many, string subject)
    {
        if (many is null) return SubjectIndex.Matches(filter, subject);
        for (var i = 0; i < many.Count; i++)
            if (SubjectIndex.Matches(many[i], subject)) return true;
        return false;
    }

    /// <summary>
    /// Counts from the per-subject index when each matching subject lies wholly at or after the start; a subject
    /// that straddles the start makes it scan the messages from the start instead.
    /// </summary>
    private protected SimpleState FilteredLocked(ulong start, string? filter, bool lastPerSubject, IReadOnlyList<string>? many = null)
    {
        if (Closed || Msgs == 0) return default;
        if (start < FirstSeq) start = FirstSeq;
        if (start > LastSeq) return default;
        var all = many is null ? SubjectIndex.IsAll(filter) : AnyIsAll(many);
        if (all && start <= FirstSeq && !lastPerSubject) return new SimpleState(Msgs, FirstSeq, LastSeq);

        ulong msgs = 0, first = 0, last = 0;
        var partial = false;
        if (!all && many is null && !SubjectIndex.HasWildcard(filter!))
        {
            var ss = Subjects.Find(filter!);
            if (ss is null) return default;
            Count(ss);
        }
        else
        {
            foreach (var (subject, ss) in Subjects)
                if (all || MatchesAny(filter, many, subject)) Count(ss);
        }
        if (!partial) return new SimpleState(msgs, first, last);

        // Some subject straddles the start: count the messages from the start instead.
        msgs = 0;
        first = 0;
        Scan(start, last, (seq, subject, _, _) =>
        {
            if (!all && !MatchesAny(filter, many, subject)) return true;
            msgs++;
            if (first == 0) first = seq;
            return true;
        });
        return new SimpleState(msgs, first, last);

        void Count(SubjectState ss)
        {
            Refresh(ss);
            if (ss.Last < start) return;
            // Last per subject counts the subjects whose last message is at or after the start: no scan.
            if (ss.First < start && !lastPerSubject) partial = true;
            var (n, f) = lastPerSubject ? (1UL, ss.Last) : (ss.Msgs, ss.First);
            msgs += n;
            if (first == 0 || f < first) first = f;
            if (ss.Last > last) last = ss.Last;
        }
    }

    private static bool AnyIsAll(IReadOnlyList<string> filters)
    {
        for (var i = 0; i < filters.Count; i++)
            if (SubjectIndex.IsAll(filters[i])) return true;
        return false;
    }

    public Dictionary<string, SimpleState> SubjectsState(string? filter)
    {
        lock (Sync)
        {
            var result = new Dictionary<string, SimpleState>(StringComparer.Ordinal);
            if (Closed) return result;
            foreach (var (subject, ss) in Subjects)
            {
                if (!SubjectIndex.Matches(filter, subject)) continue;
                Refresh(ss);
                result[subject] = new SimpleState(ss.Msgs, ss.First, ss.Last);
            }
            return result;
        }
    }

    public Dictionary<string, ulong> SubjectsTotals(string? filter)
    {
        lock (Sync)
        {
            var result = new Dictionary<string, ulong>(StringComparer.Ordinal);
            if (Closed) return result;
            foreach (var (subject, ss) in Subjects)
                if (SubjectIndex.Matches(filter, subject)) result[subject] = ss.Msgs;
            return result;
        }
    }
}

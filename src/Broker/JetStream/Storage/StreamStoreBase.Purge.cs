namespace WebBroker.Broker.JetStream.Storage;

public abstract partial class StreamStoreBase
{
    public ulong Purge()
    {
        lock (Sync)
        {
            if (Closed) return 0;
            var purged = PurgeLocked(LastSeq + 1);
            CommitLocked();
            return purged;
        }
    }

    /// <summary>Removes everything; the next message gets <paramref name="nextSeq"/>.</summary>
    private ulong PurgeLocked(ulong nextSeq)
    {
        var purged = Msgs;
        if (Msgs > 0) DeleteRange(FirstSeq, LastSeq);
        Subjects.Clear();
        Msgs = 0;
        Bytes = 0;
        FirstSeq = nextSeq;
        FirstTs = 0;
        LastSeq = nextSeq - 1;
        return purged;
    }

    public ulong PurgeEx(string? subject, ulong sequence, ulong keep)
    {
        // "Below 1" is nothing.
        if (sequence == 1) return 0;
        if (SubjectIndex.IsAll(subject))
        {
            if (keep == 0 && sequence == 0) return Purge();
            if (sequence > 1) return Compact(sequence);
        }
        lock (Sync)
        {
            if (Closed) return 0;
            var matching = FilteredLocked(1, subject, lastPerSubject: false);
            if (matching.Msgs == 0) return 0;
            ulong max = 0;
            if (keep > 0)
            {
                if (keep >= matching.Msgs) return 0;
                max = matching.Msgs - keep;
            }
            var last = sequence > 1 ? Math.Min(sequence - 1, matching.Last) : matching.Last;
            var victims = new List<ulong>();
            Scan(matching.First, last, (seq, subj, _, _) =>
            {
                if (!SubjectIndex.Matches(subject, subj)) return true;
                victims.Add(seq);
                return max == 0 || (ulong)victims.Count < max;
            });
            ulong purged = 0;
            foreach (var seq in victims)
                if (RemoveLocked(seq, erase: false)) purged++;
            CommitLocked();
            return purged;
        }
    }

    public ulong Compact(ulong seq)
    {
        if (seq == 0) return Purge();
        lock (Sync)
        {
            if (Closed || FirstSeq > seq) return 0;
            ulong purged;
            if (seq > LastSeq) purged = PurgeLocked(seq);
            else
            {
                purged = RemoveRangeLocked(FirstSeq, seq - 1);
                if (Msgs == 0)
                {
                    FirstSeq = LastSeq + 1;
                    FirstTs = 0;
                }
                else AdvanceFirst(seq);
            }
            CommitLocked();
            return purged;
        }
    }

    public void Truncate(ulong seq)
    {
        lock (Sync)
        {
            if (Closed) return;
            if (seq == 0)
            {
                PurgeLocked(1);
                FirstSeq = 0;
                LastSeq = 0;
                LastTs = 0;
            }
            else if (seq < LastSeq)
            {
                var lastTs = ReadMeta(seq, out _, out _, out var ts) ? ts : LastTs;
                RemoveRangeLocked(seq + 1, LastSeq);
                LastSeq = seq;
                LastTs = lastTs;
                if (Msgs == 0)
                {
                    FirstSeq = LastSeq + 1;
                    FirstTs = 0;
                }
            }
            CommitLocked();
        }
    }

    /// <summary>Removes [first, last] in one pass: counters and index from a scan, then one bulk delete.</summary>
    private ulong RemoveRangeLocked(ulong first, ulong last)
    {
        ulong purged = 0, bytes = 0;
        Scan(first, last, (seq, subject, size, _) =>
        {
            purged++;
            bytes += size;
            Subjects.Remove(subject, seq);
            return true;
        });
        DeleteRange(first, last);
        Msgs -= Math.Min(purged, Msgs);
        Bytes -= Math.Min(bytes, Bytes);
        return purged;
    }
}

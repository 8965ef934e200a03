using WebBroker.Broker.Subjects;

namespace WebBroker.Broker.JetStream.Storage;

/// <summary>Per-subject count and bounds. A bound whose message was removed is marked stale and found again
/// only when someone asks (most removals are of a subject's first message, and most are never asked about).</summary>
internal sealed class SubjectState(string subject, ulong seq)
{
    /// <summary>The stream's one copy of this subject string.</summary>
    public readonly string Subject = subject;
    public ulong Msgs = 1;
    public ulong First = seq;
    public ulong Last = seq;
    public bool FirstStale;
    public bool LastStale;
}

/// <summary>
/// The subjects a stream holds, each with its <see cref="SubjectState"/>. Its keys are the stream's one copy of
/// each subject string, so a store keeps one string per subject rather than one per message.
/// </summary>
internal sealed class SubjectIndex
{
    private readonly Dictionary<string, SubjectState> _subjects = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SubjectState>.AlternateLookup<ReadOnlySpan<char>> _bySpan;

    public SubjectIndex() => _bySpan = _subjects.GetAlternateLookup<ReadOnlySpan<char>>();

    public int Count => _subjects.Count;

    public SubjectState? Find(string subject) => _subjects.GetValueOrDefault(subject);

    /// <summary>The index's string for a subject read as UTF-8 (no allocation when the subject is known).</summary>
    public string Intern(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length <= 256)
        {
            Span<char> chars = stackalloc char[utf8.Length];
            var n = System.Text.Encoding.UTF8.GetChars(utf8, chars);
            if (_bySpan.TryGetValue(chars[..n], out var ss)) return ss.Subject;
        }
        return System.Text.Encoding.UTF8.GetString(utf8);
    }

    public SubjectState Add(string subject, ulong seq)
    {
        var ss = new SubjectState(subject, seq);
        _subjects[subject] = ss;
        return ss;
    }

    /// <summary>Counts a removal of <paramref name="seq"/>; returns false when the subject is unknown.</summary>
    public bool Remove(string subject, ulong seq)
    {
        if (!_subjects.TryGetValue(subject, out var ss)) return false;
        if (ss.Msgs == 1)
        {
            _subjects.Remove(subject);
            return true;
        }
        ss.Msgs--;
        if (ss.Msgs == 1)
        {
            // One left: it is whichever known bound was not removed.
            if (!ss.LastStale && seq != ss.Last)
            {
                ss.First = ss.Last;
                ss.FirstStale = false;
                return true;
            }
            if (!ss.FirstStale && seq != ss.First)
            {
                ss.Last = ss.First;
                ss.LastStale = false;
                return true;
            }
        }
        ss.FirstStale |= seq == ss.First;
        ss.LastStale |= seq == ss.Last;
        return true;
    }

    public void Clear() => _subjects.Clear();

    public Dictionary<string, SubjectState>.Enumerator GetEnumerator() => _subjects.GetEnumerator();

    /// <summary>Whether a subject matches a filter: null, empty and "&gt;" match everything.</summary>
    public static bool Matches(string? filter, string subject) =>
        IsAll(filter) || (HasWildcard(filter!) ? SubjectPattern.Matches(filter!, subject) : string.Equals(filter, subject, StringComparison.Ordinal));

    public static bool IsAll(string? filter) => string.IsNullOrEmpty(filter) || filter == ">";

    public static bool HasWildcard(string filter) => SubjectPattern.HasWildcard(filter);
}

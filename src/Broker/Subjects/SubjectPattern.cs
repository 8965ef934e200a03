namespace WebBroker.Broker.Subjects;

/// <summary>Wildcard matching of one subject against one pattern, for the places that test a subject
/// against a short list rather than an index (exports, imports, the match cache's invalidation, /subsz).
/// Token by token: only a whole token "*" or ">" is a wildcard; nothing is allocated.</summary>
public static class SubjectPattern
{
    public static bool Matches(string pattern, string subject) => Matches(pattern.AsSpan(), subject.AsSpan());

    public static bool Matches(ReadOnlySpan<char> pattern, ReadOnlySpan<char> subject)
    {
        // An index past the end means no token is left (a trailing '.' leaves one empty token).
        int pi = 0, si = 0;
        while (true)
        {
            var pEnd = TokenEnd(pattern, pi);
            var p = pattern[pi..pEnd];
            if (p is ">") return si <= subject.Length;
            if (si > subject.Length) return false;
            var sEnd = TokenEnd(subject, si);
            if (p is not "*" && !p.SequenceEqual(subject[si..sEnd])) return false;
            pi = pEnd + 1;
            si = sEnd + 1;
            bool patternDone = pi > pattern.Length, subjectDone = si > subject.Length;
            if (patternDone || subjectDone) return patternDone && subjectDone;
        }
    }

    /// <summary>Whether a subscription subject has a wildcard token (otherwise it matches only itself).</summary>
    public static bool HasWildcard(ReadOnlySpan<char> subject)
    {
        for (var i = 0; i <= subject.Length;)
        {
            var end = TokenEnd(subject, i);
            if (subject[i..end] is "*" or ">") return true;
            i = end + 1;
        }
        return false;
    }

    private static int TokenEnd(ReadOnlySpan<char> subject, int start)
    {
        var dot = subject[start..].IndexOf('.');
        return dot < 0 ? subject.Length : start + dot;
    }
}

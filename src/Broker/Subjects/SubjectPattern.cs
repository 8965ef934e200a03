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

    /// <summary>The same test on a published subject as UTF-8 bytes, token by token and without
    /// allocating (the publish path calls it for every import and export of the account).</summary>
    public static bool Matches(string pattern, ReadOnlySpan<byte> subject)
    {
        var p = pattern.AsSpan();
        while (true)
        {
            var pEnd = p.IndexOf('.');
            var pToken = pEnd < 0 ? p : p[..pEnd];
            if (pToken is ">") return !subject.IsEmpty;
            if (subject.IsEmpty) return false;
            var sEnd = subject.IndexOf((byte)'.');
            var sToken = sEnd < 0 ? subject : subject[..sEnd];
            if (pToken is not "*" && !TokenEquals(pToken, sToken)) return false;
            if (pEnd < 0 || sEnd < 0) return pEnd < 0 && sEnd < 0;
            p = p[(pEnd + 1)..];
            subject = subject[(sEnd + 1)..];
        }
    }

    /// <summary>Whether a pattern token (text) equals a subject token (UTF-8).</summary>
    internal static bool TokenEquals(ReadOnlySpan<char> token, ReadOnlySpan<byte> utf8)
    {
        if (System.Text.Ascii.IsValid(token))
        {
            if (token.Length != utf8.Length) return false;
            for (var i = 0; i < token.Length; i++)
                if (token[i] != utf8[i]) return false;
            return true;
        }
        // Non-ASCII tokens: compare as text (rare; subjects are ASCII in practice).
        return System.Text.Encoding.UTF8.GetCharCount(utf8) == token.Length
            && token.SequenceEqual(System.Text.Encoding.UTF8.GetString(utf8));
    }
}

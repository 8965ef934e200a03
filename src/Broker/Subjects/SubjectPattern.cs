namespace WebBroker.Broker.Subjects;

/// <summary>Wildcard matching of one subject against one pattern, for the few places that test a
/// subject against a short list rather than an index (exports and imports).</summary>
public static class SubjectPattern
{
    public static bool Matches(string pattern, string subject)
    {
        var p = pattern.Split('.');
        var s = subject.Split('.');
        for (var i = 0; i < p.Length; i++)
        {
            if (p[i] == ">") return s.Length > i;
            if (i >= s.Length) return false;
            if (p[i] != "*" && p[i] != s[i]) return false;
        }
        return p.Length == s.Length;
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

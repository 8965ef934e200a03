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
}

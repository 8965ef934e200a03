namespace WebBroker.Broker.Subjects;

/// <summary>Subject and queue-name rules, as nats-server applies them.</summary>
public static class SubjectValidator
{
    /// <summary>
    /// A subscription subject: non-empty tokens separated by '.', no whitespace; '*' and '>' are
    /// wildcards only as whole tokens, and '>' only as the last one. Tokens such as "foo*" are literal.
    /// </summary>
    public static bool IsValidSubject(ReadOnlySpan<byte> subject) => Check(subject, allowWildcards: true);

    /// <summary>A publish subject in pedantic mode: a valid subject without wildcard tokens.</summary>
    public static bool IsValidLiteralSubject(ReadOnlySpan<byte> subject) => Check(subject, allowWildcards: false);

    public static bool IsValidSubject(string subject) => IsValidSubject(System.Text.Encoding.UTF8.GetBytes(subject));

    /// <summary>A queue group name: non-empty, no whitespace.</summary>
    public static bool IsValidQueue(ReadOnlySpan<byte> queue)
    {
        if (queue.IsEmpty) return false;
        foreach (var b in queue)
            if (IsSpace(b)) return false;
        return true;
    }

    private static bool Check(ReadOnlySpan<byte> subject, bool allowWildcards)
    {
        if (subject.IsEmpty) return false;
        var tokenStart = 0;
        var sawFullWildcard = false;
        for (var i = 0; i <= subject.Length; i++)
        {
            if (i < subject.Length && subject[i] != (byte)'.')
            {
                if (IsSpace(subject[i])) return false;
                continue;
            }
            var token = subject[tokenStart..i];
            if (token.IsEmpty || sawFullWildcard) return false;
            if (token.Length == 1 && (token[0] == (byte)'*' || token[0] == (byte)'>'))
            {
                if (!allowWildcards) return false;
                sawFullWildcard = token[0] == (byte)'>';
            }
            tokenStart = i + 1;
        }
        return true;
    }

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';
}

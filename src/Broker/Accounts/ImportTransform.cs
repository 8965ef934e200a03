using System.Text;

namespace WebBroker.Broker.Accounts;

/// <summary>
/// How an import renames subjects between two accounts: from the pattern on one side to the pattern on
/// the other, wildcard for wildcard in order (a prefix is the common case: <c>events.&gt;</c> becomes
/// <c>from_a.events.&gt;</c>). A literal target names every subject alike; a target whose wildcards do not
/// line up with the source's keeps the subject as published (as before transforms existed).
/// </summary>
internal sealed class ImportTransform
{
    private readonly string[] _from;
    private readonly string[] _to;
    private readonly byte[]? _literal;
    private readonly bool _identity;

    public ImportTransform(string from, string to)
    {
        From = from;
        To = to;
        _from = from.Split('.');
        _to = to.Split('.');
        if (!Subjects.SubjectPattern.HasWildcard(to)) _literal = Encoding.UTF8.GetBytes(to);
        else _identity = from == to || !Wildcards(_from).SequenceEqual(Wildcards(_to));
    }

    /// <summary>The pattern on the side messages come from, and the one they arrive under.</summary>
    public string From { get; }
    public string To { get; }

    private static IEnumerable<string> Wildcards(string[] tokens) => tokens.Where(t => t is "*" or ">");

    /// <summary>Whether the subject arrives unchanged (no buffer needed).</summary>
    public bool Identity => _identity;

    /// <summary>The longest subject <see cref="Apply"/> can write for <paramref name="subjectLength"/> bytes in.</summary>
    public int MaxLength(int subjectLength) => _literal?.Length ?? Encoding.UTF8.GetMaxByteCount(To.Length) + subjectLength;

    /// <summary>Writes the target subject of <paramref name="subject"/> (which matches <see cref="From"/>) into
    /// <paramref name="dest"/>; returns its length. Not for <see cref="Identity"/> transforms.</summary>
    public int Apply(ReadOnlySpan<byte> subject, Span<byte> dest)
    {
        if (_literal is not null)
        {
            _literal.CopyTo(dest);
            return _literal.Length;
        }
        // The published subject's tokens at the source's wildcard positions, in order.
        Span<Range> captured = stackalloc Range[_from.Length];
        var count = 0;
        var rest = 0;
        for (var i = 0; i < _from.Length && rest <= subject.Length; i++)
        {
            var dot = subject[rest..].IndexOf((byte)'.');
            var end = _from[i] == ">" || dot < 0 ? subject.Length : rest + dot;
            if (_from[i] is "*" or ">") captured[count++] = rest..end;
            rest = end + 1;
        }
        var written = 0;
        var next = 0;
        for (var i = 0; i < _to.Length; i++)
        {
            if (i > 0) dest[written++] = (byte)'.';
            if (_to[i] is "*" or ">") written += Copy(subject[captured[next++]], dest[written..]);
            else written += Encoding.UTF8.GetBytes(_to[i], dest[written..]);
        }
        return written;
    }

    private static int Copy(ReadOnlySpan<byte> source, Span<byte> dest)
    {
        source.CopyTo(dest);
        return source.Length;
    }

    /// <summary>
    /// The subscription on the source side that a subscription on <paramref name="subject"/> (target side)
    /// needs, or null when the two never share a subject. A subscription that covers the whole target
    /// pattern takes the whole source pattern; one narrower, or overlapping it, takes the matching part
    /// (<c>from_a.events.x</c> needs <c>events.x</c>).
    /// </summary>
    public string? Reverse(string subject)
    {
        if (Intersect(subject.Split('.'), _to) is not { } overlap) return null;
        if (overlap.SequenceEqual(_to) || _literal is not null) return From;
        if (_identity) return string.Join('.', overlap);
        var captured = new List<string>();
        for (var i = 0; i < _to.Length; i++)
        {
            if (_to[i] == "*") captured.Add(overlap[i]);
            else if (_to[i] == ">") captured.Add(string.Join('.', overlap[i..]));
        }
        var next = 0;
        return string.Join('.', _from.Select(t => t is "*" or ">" ? captured[next++] : t));
    }

    /// <summary>The tokens of the subjects both patterns match, or null when there are none.</summary>
    internal static string[]? Intersect(string[] a, string[] b)
    {
        var result = new List<string>();
        for (var i = 0; ; i++)
        {
            if (i < a.Length && a[i] == ">") return i < b.Length ? [.. result, .. b[i..]] : null;
            if (i < b.Length && b[i] == ">") return i < a.Length ? [.. result, .. a[i..]] : null;
            if (i == a.Length || i == b.Length) return a.Length == b.Length ? [.. result] : null;
            if (a[i] == "*") result.Add(b[i]);
            else if (b[i] == "*" || a[i] == b[i]) result.Add(a[i]);
            else return null;
        }
    }
}

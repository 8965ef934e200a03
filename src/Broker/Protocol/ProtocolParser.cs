namespace WebBroker.Broker.Protocol;

/// <summary>
/// Reading one control line: which verb it is and its arguments. Every kind's verbs are recognised here;
/// which of them a connection may send is <see cref="VerbTable"/>'s decision.
/// </summary>
internal static class ProtocolParser
{
    /// <summary>Names the operation of a line (case-insensitive) and returns its arguments.</summary>
    public static Verb Classify(ReadOnlySpan<byte> line, out ReadOnlySpan<byte> args)
    {
        args = default;
        if (line.Length >= 4)
        {
            // The hot verbs first: one 32-bit compare, lower-cased.
            var word = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(line) | 0x20202020u;
            if (word == PubWord && line[3] == (byte)' ') return WithArgs(line, 3, Verb.Pub, out args);
            if (word == HpubWord && line.Length > 4 && line[4] is (byte)' ' or (byte)'\t') return WithArgs(line, 4, Verb.Hpub, out args);
        }
        var end = 0;
        while (end < line.Length && line[end] is not ((byte)' ' or (byte)'\t')) end++;
        // nats-server needs no blank between CONNECT and its JSON.
        if (line.Length > 7 && line[7] == (byte)'{' && IsConnectVerb(line[..7]))
        {
            args = line[7..];
            return Verb.Connect;
        }
        if (end is 0 or > 7) return Verb.Unknown;
        Span<byte> lower = stackalloc byte[8];
        for (var i = 0; i < end; i++) lower[i] = (byte)(line[i] | 0x20);
        var v = lower[..end];
        var rest = line[end..].TrimStart(" \t"u8);
        args = rest;
        if (end < line.Length)
        {
            if (v.SequenceEqual("pub"u8)) return Verb.Pub;
            if (v.SequenceEqual("hpub"u8)) return Verb.Hpub;
            if (v.SequenceEqual("sub"u8)) return Verb.Sub;
            if (v.SequenceEqual("unsub"u8)) return Verb.Unsub;
            if (v.SequenceEqual("connect"u8)) return Verb.Connect;
            if (v.SequenceEqual("info"u8)) return Verb.Info;
            if (v.SequenceEqual("-err"u8)) return Verb.Err;
            if (ServerVerb(v) is var server and not Verb.Unknown) return server;
        }
        if (!rest.IsEmpty) return Verb.Unknown;
        // A bare CONNECT is a CONNECT with bad JSON: closed without an -ERR, as nats-server does.
        if (v.SequenceEqual("connect"u8)) return Verb.Connect;
        if (v.SequenceEqual("ping"u8)) return Verb.Ping;
        if (v.SequenceEqual("pong"u8)) return Verb.Pong;
        if (v.SequenceEqual("+ok"u8)) return Verb.Ok;
        if (v.SequenceEqual("-err"u8)) return Verb.Err;
        return Verb.Unknown;
    }

    /// <summary>The verbs servers send each other (routes, gateways, leaf nodes), lower-cased.</summary>
    private static Verb ServerVerb(ReadOnlySpan<byte> v)
    {
        if (v.SequenceEqual("rs+"u8)) return Verb.RouteSub;
        if (v.SequenceEqual("rs-"u8)) return Verb.RouteUnsub;
        if (v.SequenceEqual("rmsg"u8)) return Verb.RouteMsg;
        if (v.SequenceEqual("hmsg"u8)) return Verb.Hmsg;
        if (v.SequenceEqual("ls+"u8)) return Verb.LeafSub;
        if (v.SequenceEqual("ls-"u8)) return Verb.LeafUnsub;
        if (v.SequenceEqual("lmsg"u8)) return Verb.LeafMsg;
        if (v.SequenceEqual("a+"u8)) return Verb.AccountSub;
        if (v.SequenceEqual("a-"u8)) return Verb.AccountUnsub;
        return Verb.Unknown;
    }

    private static bool IsConnectVerb(ReadOnlySpan<byte> verb)
    {
        for (var i = 0; i < verb.Length; i++)
            if ((verb[i] | 0x20) != "connect"u8[i]) return false;
        return true;
    }

    // "pub " and "hpub" as little-endian words, lower-cased (' ' | 0x20 is still ' ', and '\t' | 0x20 is ')').
    private const uint PubWord = 'p' | ('u' << 8) | ('b' << 16) | ((uint)' ' << 24);
    private const uint HpubWord = 'h' | ('p' << 8) | ('u' << 16) | ((uint)'b' << 24);

    private static Verb WithArgs(ReadOnlySpan<byte> line, int verbLength, Verb verb, out ReadOnlySpan<byte> args)
    {
        args = line[verbLength..].TrimStart(" \t"u8);
        return verb;
    }

    /// <summary>Up to four space- or tab-separated arguments, as ranges of the argument span.</summary>
    public static int SplitArgs(ReadOnlySpan<byte> args, Span<Range> ranges)
    {
        var count = 0;
        var start = -1;
        for (var i = 0; i <= args.Length; i++)
        {
            var space = i == args.Length || args[i] is (byte)' ' or (byte)'\t';
            if (space)
            {
                if (start >= 0)
                {
                    if (count == ranges.Length) return ranges.Length + 1;
                    ranges[count++] = new Range(start, i);
                    start = -1;
                }
            }
            else if (start < 0)
            {
                start = i;
            }
        }
        return count;
    }

    /// <summary>A decimal size as nats-server reads it: digits only, -1 for anything else or an overflow.</summary>
    public static long ParseSize(ReadOnlySpan<byte> digits)
    {
        if (digits.IsEmpty || digits.Length > 18) return -1;
        long n = 0;
        foreach (var b in digits)
        {
            if (b is < (byte)'0' or > (byte)'9') return -1;
            n = n * 10 + (b - '0');
        }
        return n;
    }
}

using WebBroker.Broker.Server;

namespace WebBroker.Broker.Protocol;

/// <summary>
/// Which verbs each connection kind may send, as nats-server 2.9's parser allows them: a client may not
/// start a route's or leaf node's verb (RS+, RMSG, LS+, A+, ...), and the answer is the same as to any
/// unknown operation, -ERR 'Unknown Protocol Operation' and the close. nats-server decides byte by byte,
/// so a verb no allowed one begins with is refused before its line is complete (<see cref="CouldBegin"/>).
/// The server's internal clients have no parser, so no verbs.
/// </summary>
internal static class VerbTable
{
    private const uint Handshake = Bit.Connect | Bit.Info | Bit.Ping | Bit.Pong | Bit.Ok | Bit.Err;

    /// <summary>The verbs of one kind, one bit per <see cref="Verb"/>.</summary>
    public static uint For(ConnectionKind kind) => kind switch
    {
        ConnectionKind.Client => Handshake | Bit.Pub | Bit.Hpub | Bit.Sub | Bit.Unsub,
        ConnectionKind.Router => Handshake | Bit.RouteSub | Bit.RouteUnsub | Bit.RouteMsg | Bit.Hmsg
            | Bit.LeafSub | Bit.LeafUnsub | Bit.LeafMsg | Bit.AccountSub | Bit.AccountUnsub,
        ConnectionKind.Gateway => Handshake | Bit.RouteSub | Bit.RouteUnsub | Bit.RouteMsg | Bit.Hmsg
            | Bit.AccountSub | Bit.AccountUnsub,
        ConnectionKind.Leaf => Handshake | Bit.LeafSub | Bit.LeafUnsub | Bit.LeafMsg | Bit.Hmsg,
        _ => 0,
    };

    /// <summary>Whether <paramref name="verbs"/> (a kind's set, from <see cref="For"/>) holds <paramref name="verb"/>.</summary>
    public static bool Allows(uint verbs, Verb verb) => (verbs & (1u << (int)verb)) != 0;

    /// <summary>
    /// Whether the start of an incomplete line may still become an allowed operation: it is a prefix of an
    /// allowed verb, or such a verb followed by what may follow it (a blank where arguments are required,
    /// anything where they are not). Letters compare case-insensitively, as nats-server reads them.
    /// HMSG may always begin: nats-server reads H-M-S-G from any kind and refuses it only once the line is whole.
    /// </summary>
    public static bool CouldBegin(uint verbs, ReadOnlySpan<byte> start)
    {
        if (start.IsEmpty) return true;
        verbs |= Bit.Hmsg;
        foreach (var (verb, text, blank) in Spellings)
        {
            if (!Allows(verbs, verb)) continue;
            var n = Math.Min(start.Length, text.Length);
            if (!EqualsIgnoringCase(start[..n], text.AsSpan(0, n))) continue;
            if (start.Length <= text.Length || !blank || start[text.Length] is (byte)' ' or (byte)'\t') return true;
        }
        return false;
    }

    private static bool EqualsIgnoringCase(ReadOnlySpan<byte> input, ReadOnlySpan<byte> lower)
    {
        for (var i = 0; i < input.Length; i++)
        {
            var b = input[i];
            if (b is >= (byte)'A' and <= (byte)'Z') b |= 0x20;
            if (b != lower[i]) return false;
        }
        return true;
    }

    /// <summary>Each verb as written (lower case), and whether a blank must follow it before its arguments.</summary>
    private static readonly (Verb Verb, byte[] Text, bool Blank)[] Spellings =
    [
        (Verb.Pub, "pub"u8.ToArray(), true),
        (Verb.Hpub, "hpub"u8.ToArray(), true),
        (Verb.Sub, "sub"u8.ToArray(), true),
        (Verb.Unsub, "unsub"u8.ToArray(), true),
        (Verb.Ping, "ping"u8.ToArray(), false),
        (Verb.Pong, "pong"u8.ToArray(), false),
        (Verb.Connect, "connect"u8.ToArray(), false),
        (Verb.Info, "info"u8.ToArray(), false),
        (Verb.Ok, "+ok"u8.ToArray(), false),
        (Verb.Err, "-err"u8.ToArray(), true),
        (Verb.RouteSub, "rs+"u8.ToArray(), true),
        (Verb.RouteUnsub, "rs-"u8.ToArray(), true),
        (Verb.RouteMsg, "rmsg"u8.ToArray(), true),
        (Verb.Hmsg, "hmsg"u8.ToArray(), true),
        (Verb.LeafSub, "ls+"u8.ToArray(), true),
        (Verb.LeafUnsub, "ls-"u8.ToArray(), true),
        (Verb.LeafMsg, "lmsg"u8.ToArray(), true),
        (Verb.AccountSub, "a+"u8.ToArray(), true),
        (Verb.AccountUnsub, "a-"u8.ToArray(), true),
    ];

    /// <summary>The verbs as bits, for the tables above.</summary>
    private static class Bit
    {
        public const uint Connect = 1u << (int)Verb.Connect, Info = 1u << (int)Verb.Info, Ping = 1u << (int)Verb.Ping,
            Pong = 1u << (int)Verb.Pong, Ok = 1u << (int)Verb.Ok, Err = 1u << (int)Verb.Err,
            Pub = 1u << (int)Verb.Pub, Hpub = 1u << (int)Verb.Hpub, Sub = 1u << (int)Verb.Sub, Unsub = 1u << (int)Verb.Unsub,
            RouteSub = 1u << (int)Verb.RouteSub, RouteUnsub = 1u << (int)Verb.RouteUnsub, RouteMsg = 1u << (int)Verb.RouteMsg,
            Hmsg = 1u << (int)Verb.Hmsg, LeafSub = 1u << (int)Verb.LeafSub, LeafUnsub = 1u << (int)Verb.LeafUnsub,
            LeafMsg = 1u << (int)Verb.LeafMsg, AccountSub = 1u << (int)Verb.AccountSub, AccountUnsub = 1u << (int)Verb.AccountUnsub;
    }
}

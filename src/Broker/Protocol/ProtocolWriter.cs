using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Text;

namespace WebBroker.Broker.Protocol;

/// <summary>
/// The server's protocol lines, written into space the caller reserved in a connection's outbound
/// buffer: first the length (to reserve), then the bytes. MSG and HMSG are on every delivery's path, so
/// they are written in place without allocating. Fixed lines (PING, PONG, +OK) are <see cref="ProtocolLiterals"/>.
/// The route and leaf node verbs (RS+, RS-, RMSG, LS+, LS-, LMSG, A+, A-) will be written here too, next
/// to the kinds that send them.
/// </summary>
internal static class ProtocolWriter
{
    /// <summary>The length of MSG (or HMSG with <paramref name="withHeaders"/>) for one subscription.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int MessageLength(int subjectLength, int sidLength, int replyLength, int headerSize, bool withHeaders, int payloadLength) =>
        (withHeaders ? ProtocolLiterals.Hmsg.Length : ProtocolLiterals.Msg.Length) + subjectLength + 1 + sidLength + 1
        + (replyLength == 0 ? 0 : replyLength + 1)
        + (withHeaders ? DigitCount(headerSize) + 1 : 0)
        + DigitCount(payloadLength) + 2 + payloadLength + 2;

    /// <summary>"MSG subject sid [reply] size\r\npayload\r\n", or HMSG with the header size before the total
    /// size; <paramref name="span"/> is exactly <see cref="MessageLength"/> long.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void WriteMessage(Span<byte> span, ReadOnlySpan<byte> subject, ReadOnlySpan<byte> sid, ReadOnlySpan<byte> reply,
        int headerSize, bool withHeaders, ReadOnlySpan<byte> payload)
    {
        var verb = withHeaders ? ProtocolLiterals.Hmsg : ProtocolLiterals.Msg;
        var p = 0;
        verb.CopyTo(span); p += verb.Length;
        subject.CopyTo(span[p..]); p += subject.Length;
        span[p++] = (byte)' ';
        sid.CopyTo(span[p..]); p += sid.Length;
        span[p++] = (byte)' ';
        if (!reply.IsEmpty)
        {
            reply.CopyTo(span[p..]); p += reply.Length;
            span[p++] = (byte)' ';
        }
        if (withHeaders)
        {
            Utf8Formatter.TryFormat(headerSize, span[p..], out var w); p += w;
            span[p++] = (byte)' ';
        }
        Utf8Formatter.TryFormat(payload.Length, span[p..], out var written); p += written;
        span[p++] = (byte)'\r';
        span[p++] = (byte)'\n';
        payload.CopyTo(span[p..]); p += payload.Length;
        span[p++] = (byte)'\r';
        span[p] = (byte)'\n';
    }

    /// <summary>The length of "-ERR 'text'\r\n".</summary>
    public static int ErrorLength(string text) =>
        ProtocolLiterals.ErrPrefix.Length + Encoding.UTF8.GetByteCount(text) + ProtocolLiterals.ErrSuffix.Length;

    /// <summary>"-ERR 'text'\r\n" (nats-server's texts are in <see cref="ProtocolErrors"/>).</summary>
    public static void WriteError(Span<byte> span, string text)
    {
        ProtocolLiterals.ErrPrefix.CopyTo(span);
        var n = Encoding.UTF8.GetBytes(text, span[ProtocolLiterals.ErrPrefix.Length..]);
        ProtocolLiterals.ErrSuffix.CopyTo(span[(ProtocolLiterals.ErrPrefix.Length + n)..]);
    }

    /// <summary>The length of "INFO {json} \r\n".</summary>
    public static int InfoLength(int jsonLength) => ProtocolLiterals.InfoPrefix.Length + jsonLength + ProtocolLiterals.InfoSuffix.Length;

    /// <summary>"INFO {json} \r\n", with nats-server's blank before the line end.</summary>
    public static void WriteInfo(Span<byte> span, ReadOnlySpan<byte> json)
    {
        ProtocolLiterals.InfoPrefix.CopyTo(span);
        json.CopyTo(span[ProtocolLiterals.InfoPrefix.Length..]);
        ProtocolLiterals.InfoSuffix.CopyTo(span[(ProtocolLiterals.InfoPrefix.Length + json.Length)..]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int DigitCount(int value)
    {
        var digits = 1;
        while (value >= 10) { value /= 10; digits++; }
        return digits;
    }
}

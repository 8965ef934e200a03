namespace WebBroker.Broker.Protocol;

/// <summary>
/// Go's encoding/json reads a \u escape of half a surrogate pair as U+FFFD; System.Text.Json refuses the
/// whole document. So that CONNECT is answered as nats-server answers it, such escapes are rewritten to
/// \ufffd (the same six bytes) before a second attempt.
/// </summary>
internal static class LoneSurrogates
{
    /// <summary>A copy of <paramref name="json"/> with each unpaired surrogate escape replaced, or null when there is none.</summary>
    public static byte[]? Replace(ReadOnlySpan<byte> json)
    {
        byte[]? copy = null;
        for (var i = 0; i < json.Length; i++)
        {
            if (json[i] != (byte)'\\') continue;
            if (!TryEscape(json, i, out var unit))
            {
                i++; // some other escape: skip its second byte
                continue;
            }
            if (char.IsHighSurrogate(unit) && TryEscape(json, i + 6, out var low) && char.IsLowSurrogate(low))
            {
                i += 11; // a proper pair
                continue;
            }
            if (char.IsSurrogate(unit))
            {
                copy ??= json.ToArray();
                "\\ufffd"u8.CopyTo(copy.AsSpan(i));
            }
            i += 5;
        }
        return copy;
    }

    private static bool TryEscape(ReadOnlySpan<byte> json, int at, out char unit)
    {
        unit = default;
        if (at + 6 > json.Length || json[at] != (byte)'\\' || json[at + 1] != (byte)'u') return false;
        var value = 0;
        for (var k = at + 2; k < at + 6; k++)
        {
            var digit = HexValue(json[k]);
            if (digit < 0) return false;
            value = value * 16 + digit;
        }
        unit = (char)value;
        return true;
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };
}

using System.Security.Cryptography;

namespace WebBroker.Broker.Security;

/// <summary>
/// The NKey text form: a prefix byte naming the key's role, the 32-byte key, a CRC-16/XMODEM
/// checksum (little-endian), all in RFC 4648 base32 without padding.
/// </summary>
public static class NKeyEncoding
{
    public const byte PrefixOperator = 14 << 3; // 'O'
    public const byte PrefixServer = 13 << 3;   // 'N'
    public const byte PrefixCluster = 2 << 3;   // 'C'
    public const byte PrefixAccount = 0;        // 'A'
    public const byte PrefixUser = 20 << 3;     // 'U'

    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    /// <summary>A fresh server identity, as nats-server makes one at start: a random public key. It is public and
    /// only has to be unique, so it is drawn from two GUIDs (the OS's random source through the runtime's own
    /// native shim): <see cref="RandomNumberGenerator"/> would load and initialise OpenSSL at start-up, about
    /// 5 MiB of resident memory that a server without TLS or NKeys never needs.</summary>
    public static string NewServerId()
    {
        Span<byte> key = stackalloc byte[32];
        Guid.NewGuid().TryWriteBytes(key);
        Guid.NewGuid().TryWriteBytes(key[16..]);
        return EncodePublicKey(PrefixServer, key);
    }

    public static string EncodePublicKey(byte prefix, ReadOnlySpan<byte> key)
    {
        Span<byte> raw = stackalloc byte[1 + key.Length + 2];
        raw[0] = prefix;
        key.CopyTo(raw[1..]);
        var crc = Crc16(raw[..(1 + key.Length)]);
        raw[^2] = (byte)crc;
        raw[^1] = (byte)(crc >> 8);
        return Base32Encode(raw);
    }

    public static ushort Crc16(ReadOnlySpan<byte> data)
    {
        ushort crc = 0;
        foreach (var b in data)
        {
            crc ^= (ushort)(b << 8);
            for (var i = 0; i < 8; i++)
                crc = (crc & 0x8000) != 0 ? (ushort)((crc << 1) ^ 0x1021) : (ushort)(crc << 1);
        }
        return crc;
    }

    /// <summary>The 32-byte key of an encoded public NKey with the given role prefix; false when the text is not
    /// one (wrong alphabet, length, prefix or checksum).</summary>
    public static bool TryDecodePublicKey(string text, byte prefix, out byte[] key)
    {
        key = [];
        if (text.Length != 56) return false;
        var raw = new byte[35];
        int buffer = 0, bits = 0, o = 0;
        foreach (var c in text)
        {
            var v = Alphabet.IndexOf(c);
            if (v < 0) return false;
            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8)
            {
                if (o == raw.Length) return false;
                raw[o++] = (byte)(buffer >> (bits - 8));
                bits -= 8;
            }
        }
        if (o != raw.Length || raw[0] != prefix) return false;
        var crc = (ushort)(raw[33] | (raw[34] << 8));
        if (crc != Crc16(raw.AsSpan(0, 33))) return false;
        key = raw[1..33];
        return true;
    }

    public static string Base32Encode(ReadOnlySpan<byte> data)
    {
        var chars = new char[(data.Length * 8 + 4) / 5];
        int buffer = 0, bits = 0, o = 0;
        foreach (var b in data)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                chars[o++] = Alphabet[(buffer >> (bits - 5)) & 31];
                bits -= 5;
            }
        }
        if (bits > 0) chars[o++] = Alphabet[(buffer << (5 - bits)) & 31];
        return new string(chars, 0, o);
    }
}

using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace WebBroker.Web.WebSockets;

/// <summary>RFC 6455 framing: frame headers, client masks, the handshake's accept key. Allocation-free.</summary>
internal static class WebSocketFrames
{
    public const byte Continuation = 0x0, Text = 0x1, Binary = 0x2, Close = 0x8, Ping = 0x9, Pong = 0xA;
    public const int MaxControlPayload = 125;
    /// <summary>The largest header: 2 bytes, 8 of extended length, 4 of mask.</summary>
    public const int MaxHeader = 14;

    public const ushort NormalClosure = 1000, GoingAway = 1001, ProtocolError = 1002, MessageTooBig = 1009;

    /// <summary>A frame header as the client sent it.</summary>
    public readonly record struct Header(bool Fin, byte Rsv, byte Opcode, bool Masked, long Length, uint Mask, int Size);

    /// <summary>Reads a header from the start of <paramref name="buffer"/>; false when more bytes are needed.</summary>
    public static bool TryReadHeader(ReadOnlySequence<byte> buffer, out Header header)
    {
        header = default;
        if (buffer.Length < 2) return false;
        Span<byte> head = stackalloc byte[MaxHeader];
        var available = (int)Math.Min(buffer.Length, MaxHeader);
        buffer.Slice(0, available).CopyTo(head);
        var masked = (head[1] & 0x80) != 0;
        long length = head[1] & 0x7F;
        var size = 2;
        if (length == 126)
        {
            if (available < 4) return false;
            length = BinaryPrimitives.ReadUInt16BigEndian(head[2..]);
            size = 4;
        }
        else if (length == 127)
        {
            if (available < 10) return false;
            length = (long)(BinaryPrimitives.ReadUInt64BigEndian(head[2..]) & long.MaxValue);
            size = 10;
        }
        uint mask = 0;
        if (masked)
        {
            if (available < size + 4) return false;
            mask = MemoryMarshal.Read<uint>(head[size..]);
            size += 4;
        }
        header = new Header((head[0] & 0x80) != 0, (byte)((head[0] >> 4) & 0x7), (byte)(head[0] & 0x0F), masked, length, mask, size);
        return true;
    }

    /// <summary>Writes an unmasked server frame header (FIN set) for a payload of <paramref name="length"/> bytes;
    /// returns its size (2, 4 or 10).</summary>
    public static int WriteHeader(Span<byte> destination, byte opcode, long length)
    {
        destination[0] = (byte)(0x80 | opcode);
        if (length < 126)
        {
            destination[1] = (byte)length;
            return 2;
        }
        if (length <= ushort.MaxValue)
        {
            destination[1] = 126;
            BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)length);
            return 4;
        }
        destination[1] = 127;
        BinaryPrimitives.WriteUInt64BigEndian(destination[2..], (ulong)length);
        return 10;
    }

    public static int HeaderSize(long length) => length < 126 ? 2 : length <= ushort.MaxValue ? 4 : 10;

    /// <summary>Copies <paramref name="source"/> to <paramref name="destination"/> undoing the client's mask;
    /// <paramref name="offset"/> is the position within the frame's payload (mod 4), carried across calls.</summary>
    public static void Unmask(ReadOnlySpan<byte> source, Span<byte> destination, uint mask, ref int offset)
    {
        // The mask read as a little-endian word lines up with 4 payload bytes read the same way.
        var rotated = BitOperations.RotateRight(mask, 8 * (offset & 3));
        var i = 0;
        if (BitConverter.IsLittleEndian)
        {
            var wide = rotated | ((ulong)rotated << 32);
            for (; i + 8 <= source.Length; i += 8)
                MemoryMarshal.Write(destination[i..], MemoryMarshal.Read<ulong>(source[i..]) ^ wide);
        }
        for (; i < source.Length; i++)
            destination[i] = (byte)(source[i] ^ (byte)(rotated >> (8 * (i & 3))));
        offset = (offset + source.Length) & 3;
    }

    private static ReadOnlySpan<byte> Guid => "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"u8;

    /// <summary>Sec-WebSocket-Accept for a Sec-WebSocket-Key.</summary>
    public static string AcceptKey(string key)
    {
        Span<byte> input = stackalloc byte[128];
        var n = Encoding.ASCII.GetBytes(key, input);
        Guid.CopyTo(input[n..]);
        Span<byte> hash = stackalloc byte[20];
        SHA1.HashData(input[..(n + Guid.Length)], hash);
        return Convert.ToBase64String(hash);
    }
}

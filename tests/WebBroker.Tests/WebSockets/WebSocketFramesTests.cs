using System.Buffers;
using WebBroker.Web.WebSockets;

namespace WebBroker.Tests.WebSockets;

/// <summary>The framing primitives behind the WebSocket fast path: headers both ways and unmasking across splits.</summary>
public class WebSocketFramesTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(125)]
    [InlineData(126)]
    [InlineData(65535)]
    [InlineData(65536)]
    public void A_server_header_is_read_back_with_its_length(int length)
    {
        var frame = new byte[14];
        var size = WebSocketFrames.WriteHeader(frame, WebSocketFrames.Binary, length);
        Assert.Equal(WebSocketFrames.HeaderSize(length), size);
        Assert.True(WebSocketFrames.TryReadHeader(new ReadOnlySequence<byte>(frame, 0, size), out var header));
        Assert.Equal((true, WebSocketFrames.Binary, false, (long)length, size), (header.Fin, header.Opcode, header.Masked, header.Length, header.Size));
        Assert.False(WebSocketFrames.TryReadHeader(new ReadOnlySequence<byte>(frame, 0, size - 1), out _));
    }

    [Fact]
    public void Unmasking_in_pieces_of_any_size_gives_the_payload()
    {
        var rng = new Random(6);
        var payload = new byte[1000];
        rng.NextBytes(payload);
        byte[] key = [0x12, 0x34, 0x56, 0x78];
        var masked = payload.Select((b, i) => (byte)(b ^ key[i % 4])).ToArray();
        var mask = BitConverter.ToUInt32(key);
        foreach (var piece in new[] { 1, 3, 7, 8, 13, 64, 999 })
        {
            var output = new byte[payload.Length];
            var offset = 0;
            for (var at = 0; at < masked.Length; at += piece)
            {
                var n = Math.Min(piece, masked.Length - at);
                WebSocketFrames.Unmask(masked.AsSpan(at, n), output.AsSpan(at, n), mask, ref offset);
            }
            Assert.Equal(payload, output);
        }
    }

    [Fact]
    public void The_accept_key_is_rfc_6455s()
    {
        Assert.Equal("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", WebSocketFrames.AcceptKey("dGhlIHNhbXBsZSBub25jZQ=="));
    }
}

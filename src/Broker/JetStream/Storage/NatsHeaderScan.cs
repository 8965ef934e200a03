namespace WebBroker.Broker.JetStream.Storage;

/// <summary>Whether a NATS header block ("NATS/1.0\r\nName: value\r\n...") carries a header, without parsing it
/// into objects: the store needs this for one header (Nats-Rollup) on its discard checks.</summary>
internal static class NatsHeaderScan
{
    public static bool Has(ReadOnlySpan<byte> block, ReadOnlySpan<byte> name)
    {
        if (block.IsEmpty) return false;
        var firstLine = block.IndexOf("\r\n"u8);
        if (firstLine < 0) return false;
        var rest = block[(firstLine + 2)..];
        while (!rest.IsEmpty)
        {
            var end = rest.IndexOf("\r\n"u8);
            var line = end < 0 ? rest : rest[..end];
            var colon = line.IndexOf((byte)':');
            if (colon > 0 && System.Text.Ascii.EqualsIgnoreCase(line[..colon].TrimEnd((byte)' '), name)) return true;
            if (end < 0) break;
            rest = rest[(end + 2)..];
        }
        return false;
    }
}

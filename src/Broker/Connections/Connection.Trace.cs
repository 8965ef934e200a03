using System.Text;
using Microsoft.Extensions.Logging;
using WebBroker.Broker.Logging;

namespace WebBroker.Broker.Connections;

/// <summary>
/// Protocol tracing (-V), in nats-server's shape: "&lt;&lt;- [PUB foo 5]", "&lt;&lt;- MSG_PAYLOAD: [...]",
/// "-&gt;&gt; [MSG foo 1 5]". Payloads are shortened and CONNECT secrets are redacted. Only ever
/// reached when tracing is on, so the hot path pays one flag test.
/// </summary>
public abstract partial class Connection
{
    private const int TracedPayloadLength = 128;

    private protected bool Tracing => _server.Options.Trace;

    private protected void TraceIn(ReadOnlySpan<byte> line, bool mayHoldSecrets)
    {
        var text = mayHoldSecrets ? ConnectRedaction.Redact(line) : Encoding.UTF8.GetString(line);
        BrokerLog.Trace(_log, Remote?.ToString() ?? "-", Id, $"<<- [{text}]");
    }

    private protected void TracePayload(ReadOnlySpan<byte> payload)
    {
        var shown = payload.Length > TracedPayloadLength ? payload[..TracedPayloadLength] : payload;
        var suffix = payload.Length > TracedPayloadLength ? "..." : "";
        BrokerLog.Trace(_log, Remote?.ToString() ?? "-", Id, $"<<- MSG_PAYLOAD: [\"{Encoding.UTF8.GetString(shown)}{suffix}\"]");
    }

    internal void TraceOut(string what) => BrokerLog.Trace(_log, Remote?.ToString() ?? "-", Id, $"->> [{what}]");
}

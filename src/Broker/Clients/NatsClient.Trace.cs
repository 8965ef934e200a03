using System.Text;
using Microsoft.Extensions.Logging;
using WebBroker.Broker.Logging;

namespace WebBroker.Broker.Clients;

/// <summary>
/// Protocol tracing (-V), in nats-server's shape: "&lt;&lt;- [PUB foo 5]", "&lt;&lt;- MSG_PAYLOAD: [...]",
/// "-&gt;&gt; [MSG foo 1 5]". Payloads are shortened and CONNECT secrets are redacted. Only ever
/// reached when tracing is on, so the hot path pays one flag test.
/// </summary>
public sealed partial class NatsClient
{
    private const int TracedPayloadLength = 128;

    private bool Tracing => _server.Options.Trace;

    private void TraceIn(ReadOnlySpan<byte> line, bool mayHoldSecrets)
    {
        var text = mayHoldSecrets ? ConnectRedaction.Redact(line) : Encoding.UTF8.GetString(line);
        BrokerLog.Trace(_log, Remote?.ToString() ?? "-", Id, $"<<- [{text}]");
    }

    private void TracePayload(ReadOnlySpan<byte> payload)
    {
        var shown = payload.Length > TracedPayloadLength ? payload[..TracedPayloadLength] : payload;
        var suffix = payload.Length > TracedPayloadLength ? "..." : "";
        BrokerLog.Trace(_log, Remote?.ToString() ?? "-", Id, $"<<- MSG_PAYLOAD: [\"{Encoding.UTF8.GetString(shown)}{suffix}\"]");
    }

    private void TraceOut(string what) => BrokerLog.Trace(_log, Remote?.ToString() ?? "-", Id, $"->> [{what}]");
}

using System.Text.Json.Serialization;

namespace WebBroker.Broker.JetStream.Api;

/// <summary>
/// The reply to a publish into a stream: <c>{"stream":"ORDERS","seq":5}</c>, with <c>duplicate</c> when the
/// <c>Nats-Msg-Id</c> was seen within the duplicate window and <c>domain</c> when the server has one; or an
/// <c>error</c>. Unlike API replies it has no <c>type</c>.
/// </summary>
public sealed record PubAck
{
    public ApiError? Error { get; init; }
    public string? Stream { get; init; }

    /// <summary>Null when nats-server leaves the ack out; most failures still name the stream, with seq 0.</summary>
    public ulong? Seq { get; init; }

    public string? Domain { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Duplicate { get; init; }
}

using System.Text.Json.Serialization;

namespace WebBroker.Broker.JetStream.Api;

/// <summary>
/// Source-generated JSON for the <c>$JS.API</c> documents, named and omitted as nats-server writes them: snake
/// case names, nulls left out (nats-server's omitempty pointers, slices and strings; the zero-valued omitempty
/// numbers and booleans say so on their property), durations as integer nanoseconds, times as Go writes them.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(GoTimeConverter)])]
[JsonSerializable(typeof(ApiError))]
[JsonSerializable(typeof(StreamConfig))]
[JsonSerializable(typeof(StreamInfo))]
[JsonSerializable(typeof(StreamNamesRequest))]
[JsonSerializable(typeof(StreamInfoRequest))]
[JsonSerializable(typeof(ConsumersRequest))]
[JsonSerializable(typeof(StreamPurgeRequest))]
[JsonSerializable(typeof(MsgGetRequest))]
[JsonSerializable(typeof(MsgDeleteRequest))]
[JsonSerializable(typeof(ConsumerCreateRequest))]
[JsonSerializable(typeof(ConsumerNextRequest))]
[JsonSerializable(typeof(AccountInfoResponse))]
[JsonSerializable(typeof(StreamInfoResponse))]
[JsonSerializable(typeof(StreamNamesResponse))]
[JsonSerializable(typeof(StreamListResponse))]
[JsonSerializable(typeof(StreamPurgeResponse))]
[JsonSerializable(typeof(SuccessResponse))]
[JsonSerializable(typeof(MsgGetResponse))]
[JsonSerializable(typeof(ConsumerInfoResponse))]
[JsonSerializable(typeof(ConsumerNamesResponse))]
[JsonSerializable(typeof(ConsumerListResponse))]
[JsonSerializable(typeof(PubAck))]
public sealed partial class JsApiJsonContext : JsonSerializerContext;

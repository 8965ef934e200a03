using System.Text.Json.Serialization;

namespace WebBroker.Broker.Protocol;

/// <summary>Source-generated JSON for the protocol's documents: no reflection at run time.</summary>
[JsonSerializable(typeof(ConnectOptions))]
[JsonSerializable(typeof(ServerInfo))]
[JsonSourceGenerationOptions(AllowTrailingCommas = true, ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip)]
internal sealed partial class BrokerJsonContext : JsonSerializerContext;

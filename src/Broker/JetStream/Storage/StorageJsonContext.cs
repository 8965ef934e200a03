using System.Text.Json.Serialization;

namespace WebBroker.Broker.JetStream.Storage;

/// <summary>The configurations the SQLite store keeps beside its messages, as JSON.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, UseStringEnumConverter = true)]
[JsonSerializable(typeof(StreamStoreConfig))]
[JsonSerializable(typeof(ConsumerStoreConfig))]
internal sealed partial class StorageJsonContext : JsonSerializerContext;

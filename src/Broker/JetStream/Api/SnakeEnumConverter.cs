using System.Text.Json;
using System.Text.Json.Serialization;

namespace WebBroker.Broker.JetStream.Api;

/// <summary>Enums as nats-server spells them: lower snake case strings (<c>by_start_sequence</c>, <c>file</c>).</summary>
public sealed class SnakeEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false)
    where TEnum : struct, Enum;

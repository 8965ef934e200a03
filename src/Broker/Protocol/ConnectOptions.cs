using System.Text.Json.Serialization;

namespace WebBroker.Broker.Protocol;

/// <summary>The JSON of a client's CONNECT. Credential fields are kept for authentication.
/// As in nats-server, verbose and pedantic are on unless the client turns them off.</summary>
public sealed class ConnectOptions
{
    [JsonPropertyName("verbose")] public bool Verbose { get; set; } = true;
    [JsonPropertyName("pedantic")] public bool Pedantic { get; set; } = true;
    [JsonPropertyName("tls_required")] public bool TlsRequired { get; set; }
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("lang")] public string? Lang { get; set; }
    [JsonPropertyName("version")] public string? Version { get; set; }
    [JsonPropertyName("protocol")] public int Protocol { get; set; }
    [JsonPropertyName("echo")] public bool Echo { get; set; } = true;
    [JsonPropertyName("headers")] public bool Headers { get; set; }
    [JsonPropertyName("no_responders")] public bool NoResponders { get; set; }
    [JsonPropertyName("user")] public string? User { get; set; }
    [JsonPropertyName("pass")] public string? Pass { get; set; }
    [JsonPropertyName("auth_token")] public string? AuthToken { get; set; }
    [JsonPropertyName("nkey")] public string? Nkey { get; set; }
    [JsonPropertyName("sig")] public string? Sig { get; set; }
    [JsonPropertyName("jwt")] public string? Jwt { get; set; }
}

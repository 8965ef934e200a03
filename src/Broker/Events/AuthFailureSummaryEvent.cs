using System.Text.Json.Serialization;

namespace WebBroker.Broker.Events;

/// <summary>
/// WebBroker's summary of the authentication failures of one interval, published on
/// <c>$SYS.SERVER.&lt;id&gt;.CLIENT.AUTH.SUMMARY</c> whenever some of them were not logged one by one.
/// The counts cover every failure of the interval; the lists name the most frequent users and addresses.
/// </summary>
public sealed record AuthFailureSummaryEvent
{
    public const string EventType = "io.webbroker.advisory.v1.auth_failure_summary";

    [JsonPropertyName("type")] public string Type { get; init; } = EventType;
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("timestamp")] public required string Timestamp { get; init; }
    [JsonPropertyName("server")] public required EventServer Server { get; init; }
    [JsonPropertyName("start")] public required string Start { get; init; }
    [JsonPropertyName("failures")] public int Failures { get; init; }
    [JsonPropertyName("not_logged")] public int NotLogged { get; init; }
    [JsonPropertyName("users")] public required AuthFailureCount[] Users { get; init; }
    [JsonPropertyName("addresses")] public required AuthFailureCount[] Addresses { get; init; }
    /// <summary>Failures of users and addresses beyond those listed.</summary>
    [JsonPropertyName("other_users")] public int OtherUsers { get; init; }
    [JsonPropertyName("other_addresses")] public int OtherAddresses { get; init; }
}

/// <summary>One user (empty: none given) or one address, and its failures in the interval.</summary>
public sealed record AuthFailureCount([property: JsonPropertyName("name")] string Name, [property: JsonPropertyName("count")] int Count);

using System.Text.Json.Serialization;
using WebBroker.Broker.Monitoring;

namespace WebBroker.Broker.Events;

// The $SYS event and request payloads, with nats-server's schema type names and field names.

public static class EventTypes
{
    public const string ClientConnect = "io.nats.server.advisory.v1.client_connect";
    public const string ClientDisconnect = "io.nats.server.advisory.v1.client_disconnect";
    public const string AccountConnections = "io.nats.server.advisory.v1.account_connections";
}

/// <summary>Which server sent an event (nats-server's ServerInfo of events.go).</summary>
public sealed record EventServer
{
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("host")] public required string Host { get; init; }
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("ver")] public required string Version { get; init; }
    [JsonPropertyName("jetstream")] public bool JetStream { get; init; }
    [JsonPropertyName("flags")] public int Flags { get; init; }
    [JsonPropertyName("seq")] public ulong Seq { get; init; }
    [JsonPropertyName("time")] public required string Time { get; init; }
}

public sealed record EventClient
{
    [JsonPropertyName("start")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Start { get; init; }
    [JsonPropertyName("host")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Host { get; init; }
    [JsonPropertyName("id")] public ulong Id { get; init; }
    [JsonPropertyName("acc")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Account { get; init; }
    [JsonPropertyName("user")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? User { get; init; }
    [JsonPropertyName("name")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Name { get; init; }
    [JsonPropertyName("lang")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Lang { get; init; }
    [JsonPropertyName("ver")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Version { get; init; }
    /// <summary>Nanoseconds.</summary>
    [JsonPropertyName("rtt")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public long Rtt { get; init; }
    [JsonPropertyName("server")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Server { get; init; }
    [JsonPropertyName("stop")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Stop { get; init; }
    [JsonPropertyName("kind")] public string Kind { get; init; } = "Client";
    [JsonPropertyName("client_type")] public string ClientType { get; init; } = "nats";
}

public sealed record ConnectEvent
{
    [JsonPropertyName("type")] public string Type { get; init; } = EventTypes.ClientConnect;
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("timestamp")] public required string Timestamp { get; init; }
    [JsonPropertyName("server")] public required EventServer Server { get; init; }
    [JsonPropertyName("client")] public required EventClient Client { get; init; }
}

public sealed record DisconnectEvent
{
    [JsonPropertyName("type")] public string Type { get; init; } = EventTypes.ClientDisconnect;
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("timestamp")] public required string Timestamp { get; init; }
    [JsonPropertyName("server")] public required EventServer Server { get; init; }
    [JsonPropertyName("client")] public required EventClient Client { get; init; }
    [JsonPropertyName("sent")] public required MsgBytes Sent { get; init; }
    [JsonPropertyName("received")] public required MsgBytes Received { get; init; }
    [JsonPropertyName("reason")] public required string Reason { get; init; }
}

public sealed record AccountConnsEvent
{
    [JsonPropertyName("type")] public string Type { get; init; } = EventTypes.AccountConnections;
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("timestamp")] public required string Timestamp { get; init; }
    [JsonPropertyName("server")] public required EventServer Server { get; init; }
    [JsonPropertyName("acc")] public required string Account { get; init; }
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("conns")] public int Conns { get; init; }
    [JsonPropertyName("leafnodes")] public int Leafnodes { get; init; }
    [JsonPropertyName("total_conns")] public int TotalConns { get; init; }
    [JsonPropertyName("num_subscriptions")] public int NumSubscriptions { get; init; }
    [JsonPropertyName("sent")] public required MsgBytes Sent { get; init; }
    [JsonPropertyName("received")] public required MsgBytes Received { get; init; }
    [JsonPropertyName("slow_consumers")] public long SlowConsumers { get; init; }
}

public sealed record ServerStats
{
    [JsonPropertyName("start")] public required string Start { get; init; }
    [JsonPropertyName("mem")] public long Mem { get; init; }
    [JsonPropertyName("cores")] public int Cores { get; init; }
    [JsonPropertyName("cpu")] public double Cpu { get; init; }
    [JsonPropertyName("connections")] public int Connections { get; init; }
    [JsonPropertyName("total_connections")] public long TotalConnections { get; init; }
    [JsonPropertyName("active_accounts")] public int ActiveAccounts { get; init; }
    [JsonPropertyName("subscriptions")] public int Subscriptions { get; init; }
    [JsonPropertyName("sent")] public required MsgBytes Sent { get; init; }
    [JsonPropertyName("received")] public required MsgBytes Received { get; init; }
    [JsonPropertyName("slow_consumers")] public long SlowConsumers { get; init; }
}

public sealed record ServerStatsMsg
{
    [JsonPropertyName("server")] public required EventServer Server { get; init; }
    [JsonPropertyName("statsz")] public required ServerStats Stats { get; init; }
}

public sealed record ApiError
{
    /// <summary>The account a claims update was about.</summary>
    [JsonPropertyName("account")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Account { get; init; }
    [JsonPropertyName("code")] public int Code { get; init; }
    [JsonPropertyName("description")] public required string Description { get; init; }
}

/// <summary>The reply to a $SYS.REQ request: who answered, and the data or an error.</summary>
public sealed record ServerApiResponse<T>
{
    [JsonPropertyName("server")] public required EventServer Server { get; init; }
    [JsonPropertyName("data")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public T? Data { get; init; }
    [JsonPropertyName("error")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public ApiError? Error { get; init; }
}

/// <summary>A service request's latency, published in the exporting account (nats-server's ServiceLatency).</summary>
public sealed record ServiceLatencyEvent
{
    [JsonPropertyName("type")] public string Type { get; init; } = "io.nats.server.metric.v1.service_latency";
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("timestamp")] public required string Timestamp { get; init; }
    [JsonPropertyName("status")] public int Status { get; init; } = 200;
    [JsonPropertyName("requestor")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public EventClient? Requestor { get; init; }
    [JsonPropertyName("responder")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public EventClient? Responder { get; init; }
    [JsonPropertyName("start")] public required string Start { get; init; }
    /// <summary>Nanoseconds, as Go's time.Duration.</summary>
    [JsonPropertyName("service")] public long Service { get; init; }
    [JsonPropertyName("system")] public long System { get; init; }
    [JsonPropertyName("total")] public long Total { get; init; }
}

/// <summary>The outcome of an account claims update ($SYS.REQ.CLAIMS.UPDATE and friends).</summary>
public sealed record ClaimUpdateStatus
{
    [JsonPropertyName("account")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Account { get; init; }
    [JsonPropertyName("code")] public int Code { get; init; }
    [JsonPropertyName("message")] public required string Message { get; init; }
}

public sealed record IdInfo
{
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("host")] public required string Host { get; init; }
    [JsonPropertyName("id")] public required string Id { get; init; }
}

public sealed record UserInfo
{
    [JsonPropertyName("user")] public required string User { get; init; }
    [JsonPropertyName("account")] public required string Account { get; init; }
}

public sealed record KickRequest
{
    [JsonPropertyName("cid")] public ulong Cid { get; init; }
}

/// <summary>The filter and option fields a $SYS.REQ body may carry (nats-server's EventFilterOptions and
/// endpoint options); unknown fields are ignored.</summary>
public sealed record RequestOptions
{
    [JsonPropertyName("server_name")] public string? ServerName { get; init; }
    [JsonPropertyName("sort")] public string? Sort { get; init; }
    [JsonPropertyName("auth")] public bool Auth { get; init; }
    [JsonPropertyName("subscriptions")] public bool Subscriptions { get; init; }
    [JsonPropertyName("subscriptions_detail")] public bool SubscriptionsDetail { get; init; }
    [JsonPropertyName("offset")] public int Offset { get; init; }
    [JsonPropertyName("limit")] public int Limit { get; init; }
    [JsonPropertyName("cid")] public ulong Cid { get; init; }
    [JsonPropertyName("state")] public int State { get; init; }
    [JsonPropertyName("acc")] public string? Account { get; init; }
    [JsonPropertyName("account")] public string? AccountName { get; init; }
    [JsonPropertyName("test")] public string? Test { get; init; }
}

[JsonSerializable(typeof(ConnectEvent))]
[JsonSerializable(typeof(DisconnectEvent))]
[JsonSerializable(typeof(AccountConnsEvent))]
[JsonSerializable(typeof(ServerStatsMsg))]
[JsonSerializable(typeof(EventServer))]
[JsonSerializable(typeof(ServerApiResponse<Varz>))]
[JsonSerializable(typeof(ServerApiResponse<Connz>))]
[JsonSerializable(typeof(ServerApiResponse<Subsz>))]
[JsonSerializable(typeof(ServerApiResponse<Jsz>))]
[JsonSerializable(typeof(ServerApiResponse<Healthz>))]
[JsonSerializable(typeof(ServerApiResponse<Accountz>))]
[JsonSerializable(typeof(ServerApiResponse<AccountDetail>))]
[JsonSerializable(typeof(ServerApiResponse<Accstatz>))]
[JsonSerializable(typeof(ServerApiResponse<Leafz>))]
[JsonSerializable(typeof(ServerApiResponse<Routez>))]
[JsonSerializable(typeof(ServerApiResponse<Gatewayz>))]
[JsonSerializable(typeof(ServerApiResponse<IdInfo>))]
[JsonSerializable(typeof(ServerApiResponse<UserInfo>))]
[JsonSerializable(typeof(ServerApiResponse<ServerStats>))]
[JsonSerializable(typeof(ServerApiResponse<AccountConnsEvent>))]
[JsonSerializable(typeof(ServerApiResponse<EmptyObject>))]
[JsonSerializable(typeof(ServerApiResponse<ClaimUpdateStatus>))]
[JsonSerializable(typeof(ServiceLatencyEvent))]
[JsonSerializable(typeof(AuthFailureSummaryEvent))]
[JsonSerializable(typeof(ServerApiResponse<string[]>))]
[JsonSerializable(typeof(KickRequest))]
[JsonSerializable(typeof(RequestOptions))]
public sealed partial class EventJsonContext : JsonSerializerContext;

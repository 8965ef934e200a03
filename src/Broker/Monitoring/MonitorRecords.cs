using System.Text.Json.Serialization;

namespace WebBroker.Broker.Monitoring;

// The documents of the monitoring endpoints, with nats-server's field names. The same records
// answer HTTP, $SYS requests and the dashboard.

public sealed record Varz
{
    [JsonPropertyName("server_id")] public required string ServerId { get; init; }
    [JsonPropertyName("server_name")] public required string ServerName { get; init; }
    [JsonPropertyName("version")] public required string Version { get; init; }
    [JsonPropertyName("proto")] public int Proto { get; init; } = 1;
    [JsonPropertyName("go")] public string Go { get; init; } = "";
    [JsonPropertyName("host")] public required string Host { get; init; }
    [JsonPropertyName("port")] public int Port { get; init; }
    [JsonPropertyName("max_connections")] public int MaxConnections { get; init; }
    /// <summary>Nanoseconds, as Go encodes a time.Duration.</summary>
    [JsonPropertyName("ping_interval")] public long PingInterval { get; init; }
    [JsonPropertyName("ping_max")] public int PingMax { get; init; }
    [JsonPropertyName("http_host")] public string HttpHost { get; init; } = "";
    [JsonPropertyName("http_port")] public int HttpPort { get; init; }
    [JsonPropertyName("http_base_path")] public string HttpBasePath { get; init; } = "";
    [JsonPropertyName("https_port")] public int HttpsPort { get; init; }
    /// <summary>Seconds.</summary>
    [JsonPropertyName("auth_timeout")] public double AuthTimeout { get; init; }
    [JsonPropertyName("max_control_line")] public int MaxControlLine { get; init; }
    [JsonPropertyName("max_payload")] public int MaxPayload { get; init; }
    [JsonPropertyName("max_pending")] public long MaxPending { get; init; }
    [JsonPropertyName("cluster")] public EmptyObject Cluster { get; init; } = new();
    [JsonPropertyName("gateway")] public EmptyObject Gateway { get; init; } = new();
    [JsonPropertyName("leaf")] public EmptyObject Leaf { get; init; } = new();
    [JsonPropertyName("mqtt")] public EmptyObject Mqtt { get; init; } = new();
    [JsonPropertyName("websocket")] public EmptyObject Websocket { get; init; } = new();
    [JsonPropertyName("jetstream")] public EmptyObject JetStream { get; init; } = new();
    [JsonPropertyName("tls_timeout")] public double TlsTimeout { get; init; } = 2;
    /// <summary>Nanoseconds.</summary>
    [JsonPropertyName("write_deadline")] public long WriteDeadline { get; init; }
    [JsonPropertyName("start")] public required string Start { get; init; }
    [JsonPropertyName("now")] public required string Now { get; init; }
    [JsonPropertyName("uptime")] public required string Uptime { get; init; }
    [JsonPropertyName("mem")] public long Mem { get; init; }
    [JsonPropertyName("cores")] public int Cores { get; init; }
    [JsonPropertyName("gomaxprocs")] public int GoMaxProcs { get; init; }
    [JsonPropertyName("cpu")] public double Cpu { get; init; }
    [JsonPropertyName("connections")] public int Connections { get; init; }
    [JsonPropertyName("total_connections")] public long TotalConnections { get; init; }
    [JsonPropertyName("routes")] public int Routes { get; init; }
    [JsonPropertyName("remotes")] public int Remotes { get; init; }
    [JsonPropertyName("leafnodes")] public int Leafnodes { get; init; }
    [JsonPropertyName("in_msgs")] public long InMsgs { get; init; }
    [JsonPropertyName("out_msgs")] public long OutMsgs { get; init; }
    [JsonPropertyName("in_bytes")] public long InBytes { get; init; }
    [JsonPropertyName("out_bytes")] public long OutBytes { get; init; }
    [JsonPropertyName("slow_consumers")] public long SlowConsumers { get; init; }
    [JsonPropertyName("subscriptions")] public long Subscriptions { get; init; }
    [JsonPropertyName("http_req_stats")] public Dictionary<string, long> HttpReqStats { get; init; } = [];
    [JsonPropertyName("config_load_time")] public required string ConfigLoadTime { get; init; }
    [JsonPropertyName("system_account")] public string SystemAccount { get; init; } = "$SYS";
}

/// <summary>An empty JSON object ({}), for sections of features not built yet.</summary>
public sealed record EmptyObject;

public sealed record Connz
{
    [JsonPropertyName("server_id")] public required string ServerId { get; init; }
    [JsonPropertyName("now")] public required string Now { get; init; }
    [JsonPropertyName("num_connections")] public int NumConnections { get; init; }
    [JsonPropertyName("total")] public int Total { get; init; }
    [JsonPropertyName("offset")] public int Offset { get; init; }
    [JsonPropertyName("limit")] public int Limit { get; init; }
    [JsonPropertyName("connections")] public required List<ConnInfo> Connections { get; init; }
}

public sealed record ConnInfo
{
    [JsonPropertyName("cid")] public ulong Cid { get; init; }
    [JsonPropertyName("kind")] public string Kind { get; init; } = "Client";
    [JsonPropertyName("type")] public string Type { get; init; } = "nats";
    [JsonPropertyName("ip")] public string Ip { get; init; } = "";
    [JsonPropertyName("port")] public int Port { get; init; }
    [JsonPropertyName("start")] public required string Start { get; init; }
    [JsonPropertyName("last_activity")] public required string LastActivity { get; init; }
    [JsonPropertyName("stop")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Stop { get; init; }
    [JsonPropertyName("reason")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Reason { get; init; }
    [JsonPropertyName("rtt")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Rtt { get; init; }
    [JsonPropertyName("uptime")] public required string Uptime { get; init; }
    [JsonPropertyName("idle")] public required string Idle { get; init; }
    [JsonPropertyName("pending_bytes")] public long PendingBytes { get; init; }
    [JsonPropertyName("in_msgs")] public long InMsgs { get; init; }
    [JsonPropertyName("out_msgs")] public long OutMsgs { get; init; }
    [JsonPropertyName("in_bytes")] public long InBytes { get; init; }
    [JsonPropertyName("out_bytes")] public long OutBytes { get; init; }
    [JsonPropertyName("subscriptions")] public int Subscriptions { get; init; }
    [JsonPropertyName("name")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Name { get; init; }
    [JsonPropertyName("lang")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Lang { get; init; }
    [JsonPropertyName("version")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Version { get; init; }
    [JsonPropertyName("authorized_user")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? AuthorizedUser { get; init; }
    [JsonPropertyName("account")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Account { get; init; }
    [JsonPropertyName("subscriptions_list")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public List<string>? SubscriptionsList { get; init; }
    [JsonPropertyName("subscriptions_list_detail")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public List<SubDetail>? SubscriptionsListDetail { get; init; }

    // Raw values for sorting and filtering; not part of the JSON.
    [JsonIgnore] internal DateTime StartTime { get; init; }
    [JsonIgnore] internal DateTime LastActivityTime { get; init; }
    [JsonIgnore] internal DateTime? StopTime { get; init; }
    [JsonIgnore] internal string[] Subjects { get; init; } = [];
    [JsonIgnore] internal SubDetail[] Details { get; init; } = [];
}

public sealed record SubDetail
{
    [JsonPropertyName("account")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Account { get; init; }
    [JsonPropertyName("subject")] public required string Subject { get; init; }
    [JsonPropertyName("qgroup")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Queue { get; init; }
    [JsonPropertyName("sid")] public required string Sid { get; init; }
    [JsonPropertyName("msgs")] public long Msgs { get; init; }
    [JsonPropertyName("max")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public long Max { get; init; }
    [JsonPropertyName("cid")] public ulong Cid { get; init; }
}

public sealed record Subsz
{
    [JsonPropertyName("server_id")] public required string ServerId { get; init; }
    [JsonPropertyName("now")] public required string Now { get; init; }
    [JsonPropertyName("num_subscriptions")] public int NumSubscriptions { get; init; }
    [JsonPropertyName("num_cache")] public int NumCache { get; init; }
    [JsonPropertyName("num_inserts")] public long NumInserts { get; init; }
    [JsonPropertyName("num_removes")] public long NumRemoves { get; init; }
    [JsonPropertyName("num_matches")] public long NumMatches { get; init; }
    [JsonPropertyName("cache_hit_rate")] public double CacheHitRate { get; init; }
    [JsonPropertyName("max_fanout")] public int MaxFanout { get; init; }
    [JsonPropertyName("avg_fanout")] public double AvgFanout { get; init; }
    [JsonPropertyName("total")] public int Total { get; init; }
    [JsonPropertyName("offset")] public int Offset { get; init; }
    [JsonPropertyName("limit")] public int Limit { get; init; }
    [JsonPropertyName("subscriptions_list")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public List<SubDetail>? SubscriptionsList { get; init; }
}

/// <summary>What /subsz answers over HTTP when its page is empty (no subs=1, or nothing matched):
/// nats-server then sends the counters alone.</summary>
public sealed record SubszStats
{
    [JsonPropertyName("num_subscriptions")] public int NumSubscriptions { get; init; }
    [JsonPropertyName("num_cache")] public int NumCache { get; init; }
    [JsonPropertyName("num_inserts")] public long NumInserts { get; init; }
    [JsonPropertyName("num_removes")] public long NumRemoves { get; init; }
    [JsonPropertyName("num_matches")] public long NumMatches { get; init; }
    [JsonPropertyName("cache_hit_rate")] public double CacheHitRate { get; init; }
    [JsonPropertyName("max_fanout")] public int MaxFanout { get; init; }
    [JsonPropertyName("avg_fanout")] public double AvgFanout { get; init; }

    public static SubszStats Of(Subsz s) => new()
    {
        NumSubscriptions = s.NumSubscriptions, NumCache = s.NumCache, NumInserts = s.NumInserts, NumRemoves = s.NumRemoves,
        NumMatches = s.NumMatches, CacheHitRate = s.CacheHitRate, MaxFanout = s.MaxFanout, AvgFanout = s.AvgFanout,
    };
}

public sealed record Accountz
{
    [JsonPropertyName("server_id")] public required string ServerId { get; init; }
    [JsonPropertyName("now")] public required string Now { get; init; }
    [JsonPropertyName("system_account")] public string SystemAccount { get; init; } = "$SYS";
    [JsonPropertyName("accounts")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public List<string>? Accounts { get; init; }
    [JsonPropertyName("account_detail")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public AccountDetail? AccountDetail { get; init; }
}

public sealed record AccountDetail
{
    [JsonPropertyName("account_name")] public required string AccountName { get; init; }
    [JsonPropertyName("update_time")] public required string UpdateTime { get; init; }
    [JsonPropertyName("is_system")] public bool IsSystem { get; init; }
    [JsonPropertyName("expired")] public bool Expired { get; init; }
    [JsonPropertyName("complete")] public bool Complete { get; init; } = true;
    [JsonPropertyName("jetstream_enabled")] public bool JetStreamEnabled { get; init; }
    [JsonPropertyName("leafnode_connections")] public int LeafnodeConnections { get; init; }
    [JsonPropertyName("client_connections")] public int ClientConnections { get; init; }
    [JsonPropertyName("subscriptions")] public int Subscriptions { get; init; }
    [JsonPropertyName("exports")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public List<ExportInfo>? Exports { get; init; }
    [JsonPropertyName("imports")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public List<ImportInfo>? Imports { get; init; }
}

/// <summary>An account's export as /accountz details it.</summary>
public sealed record ExportInfo
{
    [JsonPropertyName("subject")] public required string Subject { get; init; }
    [JsonPropertyName("type")] public required string Type { get; init; }
    [JsonPropertyName("token_req")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public bool TokenRequired { get; init; }
    [JsonPropertyName("response_type")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? ResponseType { get; init; }
    [JsonPropertyName("approved_accounts")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public List<string>? ApprovedAccounts { get; init; }
}

/// <summary>An account's import as /accountz details it.</summary>
public sealed record ImportInfo
{
    [JsonPropertyName("subject")] public required string Subject { get; init; }
    [JsonPropertyName("account")] public required string Account { get; init; }
    [JsonPropertyName("local_subject")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? LocalSubject { get; init; }
    [JsonPropertyName("type")] public required string Type { get; init; }
    [JsonPropertyName("invalid")] public bool Invalid { get; init; }
}

public sealed record Accstatz
{
    [JsonPropertyName("server_id")] public required string ServerId { get; init; }
    [JsonPropertyName("now")] public required string Now { get; init; }
    [JsonPropertyName("account_statz")] public required List<AccountStat> AccountStatz { get; init; }
}

public sealed record AccountStat
{
    [JsonPropertyName("acc")] public required string Account { get; init; }
    [JsonPropertyName("conns")] public int Conns { get; init; }
    [JsonPropertyName("leafnodes")] public int Leafnodes { get; init; }
    [JsonPropertyName("total_conns")] public int TotalConns { get; init; }
    [JsonPropertyName("sent")] public required MsgBytes Sent { get; init; }
    [JsonPropertyName("received")] public required MsgBytes Received { get; init; }
    [JsonPropertyName("slow_consumers")] public long SlowConsumers { get; init; }
}

public sealed record MsgBytes
{
    [JsonPropertyName("msgs")] public long Msgs { get; init; }
    [JsonPropertyName("bytes")] public long Bytes { get; init; }
}

public sealed record Routez
{
    [JsonPropertyName("server_id")] public required string ServerId { get; init; }
    [JsonPropertyName("now")] public required string Now { get; init; }
    [JsonPropertyName("num_routes")] public int NumRoutes { get; init; }
    [JsonPropertyName("routes")] public List<EmptyObject> Routes { get; init; } = [];
}

public sealed record Gatewayz
{
    [JsonPropertyName("server_id")] public required string ServerId { get; init; }
    [JsonPropertyName("now")] public required string Now { get; init; }
    [JsonPropertyName("outbound_gateways")] public Dictionary<string, EmptyObject> OutboundGateways { get; init; } = [];
    [JsonPropertyName("inbound_gateways")] public Dictionary<string, EmptyObject> InboundGateways { get; init; } = [];
}

public sealed record Leafz
{
    [JsonPropertyName("server_id")] public required string ServerId { get; init; }
    [JsonPropertyName("now")] public required string Now { get; init; }
    [JsonPropertyName("leafnodes")] public int Leafnodes { get; init; }
    // nats-server sends null, not [], when it has no leaf node connections.
    [JsonPropertyName("leafs")] public List<EmptyObject>? Leafs { get; init; }
}

public sealed record Jsz
{
    [JsonPropertyName("server_id")] public required string ServerId { get; init; }
    [JsonPropertyName("now")] public required string Now { get; init; }
    [JsonPropertyName("disabled")] public bool Disabled { get; init; } = true;
    [JsonPropertyName("config")] public JszConfig Config { get; init; } = new();
    [JsonPropertyName("memory")] public long Memory { get; init; }
    [JsonPropertyName("storage")] public long Storage { get; init; }
    [JsonPropertyName("reserved_memory")] public long ReservedMemory { get; init; }
    [JsonPropertyName("reserved_storage")] public long ReservedStorage { get; init; }
    [JsonPropertyName("accounts")] public int Accounts { get; init; }
    [JsonPropertyName("ha_assets")] public int HaAssets { get; init; }
    [JsonPropertyName("api")] public JszApi Api { get; init; } = new();
    [JsonPropertyName("streams")] public int Streams { get; init; }
    [JsonPropertyName("consumers")] public int Consumers { get; init; }
    [JsonPropertyName("messages")] public long Messages { get; init; }
    [JsonPropertyName("bytes")] public long Bytes { get; init; }
}

public sealed record JszConfig
{
    [JsonPropertyName("max_memory")] public long MaxMemory { get; init; }
    [JsonPropertyName("max_storage")] public long MaxStorage { get; init; }
}

public sealed record JszApi
{
    [JsonPropertyName("total")] public long Total { get; init; }
    [JsonPropertyName("errors")] public long Errors { get; init; }
}

public sealed record Healthz
{
    [JsonPropertyName("status")] public string Status { get; init; } = "ok";
    [JsonPropertyName("error")] [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Error { get; init; }
}

[JsonSerializable(typeof(Varz))]
[JsonSerializable(typeof(Connz))]
[JsonSerializable(typeof(Subsz))]
[JsonSerializable(typeof(SubszStats))]
[JsonSerializable(typeof(Accountz))]
[JsonSerializable(typeof(Accstatz))]
[JsonSerializable(typeof(Routez))]
[JsonSerializable(typeof(Gatewayz))]
[JsonSerializable(typeof(Leafz))]
[JsonSerializable(typeof(Jsz))]
[JsonSerializable(typeof(Healthz))]
[JsonSourceGenerationOptions(WriteIndented = true)]
public sealed partial class MonitorJsonContext : JsonSerializerContext;

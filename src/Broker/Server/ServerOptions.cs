namespace WebBroker.Broker.Server;

/// <summary>Limits and identity of one server, with nats-server's defaults.</summary>
public sealed class ServerOptions
{
    public string Host { get; set; } = "0.0.0.0";
    /// <summary>Client port; 0 or -1 asks the OS for a free one (nats-server's RANDOM_PORT).</summary>
    public int Port { get; set; } = 4222;
    public string? ServerName { get; set; }
    public int MaxPayload { get; set; } = 1024 * 1024;
    public int MaxControlLine { get; set; } = 4096;
    public long MaxPending { get; set; } = 64L * 1024 * 1024;
    /// <summary>Client connections allowed at once; 0 refuses every client (nats-server 2.10's <c>max_connections: 0</c>).</summary>
    public int MaxConnections { get; set; } = 64 * 1024;
    public TimeSpan PingInterval { get; set; } = TimeSpan.FromMinutes(2);
    public int MaxPingsOut { get; set; } = 2;
    public TimeSpan AuthTimeout { get; set; } = TimeSpan.FromSeconds(2);
    public TimeSpan WriteDeadline { get; set; } = TimeSpan.FromSeconds(10);
    /// <summary>WebBroker's own <c>gc_heap_limit</c> (bytes; 0 = none): the .NET GC's hard heap limit, so the
    /// garbage collector works harder before the heap grows past it. Allocations beyond it fail, so leave room
    /// for every connection's max_pending you expect to be used.</summary>
    public long GcHeapLimit { get; set; }
    /// <summary>The single user of nats-server's --user/--pass flags (full authorization comes later).</summary>
    public string? Username { get; set; }
    public string? Password { get; set; }
    /// <summary>nats-server's --auth token.</summary>
    public string? Token { get; set; }
    /// <summary>Users from <c>authorization { users }</c> and from each account's <c>users</c>.</summary>
    public List<Accounts.UserOptions> Users { get; set; } = [];
    /// <summary>TLS on the client port; null for plain TCP.</summary>
    public TlsOptions? Tls { get; set; }
    /// <summary>The <c>websocket {}</c> block.</summary>
    public WebSocketOptions WebSocket { get; set; } = new();
    /// <summary>The <c>http_websocket {}</c> block: the origins NATS over WebSocket on the HTTP port accepts.</summary>
    public HttpWebSocketOptions HttpWebSocket { get; set; } = new();
    /// <summary>authorization's default_permissions: for users without permissions of their own.</summary>
    public Security.PermissionOptions? DefaultPermissions { get; set; }
    /// <summary>The top-level <c>mappings {}</c>, for the global account.</summary>
    public List<Subjects.MappingOptions> Mappings { get; set; } = [];
    /// <summary>Accounts from the <c>accounts {}</c> block.</summary>
    public List<Accounts.AccountOptions> Accounts { get; set; } = [];
    public bool Debug { get; set; }
    public bool Trace { get; set; }

    // ---- read from the config file (Configuration/ServerConfigBinder)

    /// <summary>The client URL announced to clients and the cluster instead of the listen address.</summary>
    public string? ClientAdvertise { get; set; }
    /// <summary>Monitoring (and dashboard) host; null means <see cref="Host"/>.</summary>
    public string? HttpHost { get; set; }
    /// <summary>Monitoring (and dashboard) port. WebBroker serves HTTP by default, nats-server does not (its default is 0); 0 turns it off, -1 picks a free port.</summary>
    public int HttpPort { get; set; } = 8222;
    /// <summary>Monitoring over HTTPS with the <c>tls {}</c> certificate (<c>https_port</c>, <c>-ms</c>); 0: off, -1: a free port.</summary>
    public int HttpsPort { get; set; }
    /// <summary>A path prefix for the monitoring endpoints (<c>http_base_path</c>).</summary>
    public string? HttpBasePath { get; set; }
    /// <summary>Subscriptions allowed per connection; 0 means no limit.</summary>
    public int MaxSubscriptions { get; set; }
    /// <summary>Trace with the full payloads (<c>trace_verbose</c>; implies <see cref="Trace"/>).</summary>
    public bool TraceVerbose { get; set; }
    /// <summary>Timestamps in log lines; on by default, as <c>nats-server</c> runs.</summary>
    public bool Logtime { get; set; } = true;
    public string? LogFile { get; set; }
    public string? PidFile { get; set; }
    /// <summary>How long lame duck mode takes to close every client.</summary>
    public TimeSpan LameDuckDuration { get; set; } = TimeSpan.FromMinutes(2);
    /// <summary>How long lame duck mode waits before it starts closing clients.</summary>
    public TimeSpan LameDuckGracePeriod { get; set; } = TimeSpan.FromSeconds(10);
    /// <summary>The user a client without credentials is taken to be.</summary>
    public string? NoAuthUser { get; set; }
    /// <summary>The system account's name; null means nats-server's <c>$SYS</c> unless <see cref="NoSystemAccount"/>.</summary>
    public string? SystemAccount { get; set; }
    public bool NoSystemAccount { get; set; }
    /// <summary>Operator mode (JWT authentication); null when users and accounts come from the config.</summary>
    public OperatorOptions? Operator { get; set; }
    /// <summary>Refuse message headers (<c>no_header_support</c>).</summary>
    public bool NoHeaderSupport { get; set; }
    /// <summary><c>auth_failure_delay {}</c>: an optional wait before answering repeated authentication failures.</summary>
    public AuthFailureDelayOptions AuthFailureDelay { get; set; } = new();
    /// <summary>Enforce the <c>data</c> limit of user and account JWTs (<c>enforce_jwt_data_limit</c>). Off by default:
    /// nats-server reads the limit but does not enforce it, and a drop-in replacement must not cut off its clients.</summary>
    public bool EnforceJwtDataLimit { get; set; }
}

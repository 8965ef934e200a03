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
    public int MaxConnections { get; set; } = 64 * 1024;
    public TimeSpan PingInterval { get; set; } = TimeSpan.FromMinutes(2);
    public int MaxPingsOut { get; set; } = 2;
    public TimeSpan AuthTimeout { get; set; } = TimeSpan.FromSeconds(2);
    public TimeSpan WriteDeadline { get; set; } = TimeSpan.FromSeconds(10);
    /// <summary>The single user of nats-server's --user/--pass flags (full authorization comes later).</summary>
    public string? Username { get; set; }
    public string? Password { get; set; }
    /// <summary>nats-server's --auth token.</summary>
    public string? Token { get; set; }
    public bool Debug { get; set; }
    public bool Trace { get; set; }
}

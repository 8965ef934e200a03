namespace WebBroker.Broker.Server;

/// <summary>
/// <c>auth_failure_delay {}</c> (appsettings <c>WebBroker:AuthFailureDelay</c>): an optional brake on
/// password guessing over NATS. An address's first failure is answered at once; each further one within
/// <see cref="Window"/> of the previous waits before its -ERR, <see cref="Initial"/> and then twice as long
/// each time, up to <see cref="Max"/>. Off by default (<see cref="Initial"/> zero), as nats-server has none.
/// </summary>
public sealed record AuthFailureDelayOptions
{
    public TimeSpan Initial { get; set; } = TimeSpan.Zero;
    public TimeSpan Max { get; set; } = TimeSpan.FromSeconds(10);
    /// <summary>An address without a failure for this long starts afresh.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
    /// <summary>Addresses remembered at most (the oldest are forgotten first).</summary>
    public int MaxAddresses { get; set; } = 10_000;

    public bool Enabled => Initial > TimeSpan.Zero;
}

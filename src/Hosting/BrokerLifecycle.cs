using WebBroker.Broker.Server;
using WebBroker.Web.Listeners;
using WebBroker.Web.Operations;

namespace WebBroker.Web;

/// <summary>
/// The broker's part in the host's life: the start-up banner, then (once Kestrel listens) the pid file,
/// signals, reload hooks, bound ports and the "ready" line; on stop, the server's shutdown before Kestrel's.
/// </summary>
internal sealed class BrokerLifecycle(
    IServiceProvider services, HostSettings settings, WebBrokerHostOptions host, NatsServer server,
    BoundListeners bound, IHostApplicationLifetime lifetime, ILoggerFactory loggers) : IHostedLifecycleService
{
    private readonly ILogger _log = loggers.CreateLogger("WebBroker");

    public Task StartingAsync(CancellationToken cancellationToken)
    {
        MemoryTrimmer.ApplyHeapLimit(settings.Server, _log);
        foreach (var warning in settings.StartupWarnings) _log.LogWarning("{Warning}", warning);
        foreach (var warning in settings.Warnings)
            _log.LogWarning("{Position}: {Message}", warning.Position, warning.Message);
        foreach (var flag in host.CommandLine.NotYetSupported)
            _log.LogWarning("{Flag} is not yet supported by WebBroker and is ignored", flag);
        _log.LogInformation("Starting webbroker");
        _log.LogInformation("  Version:  {Version} (nats-server {Proto} compatible)", BrokerVersion.Current, NatsServer.ProtocolVersion);
        _log.LogInformation("  ID:       {Id}", server.ServerId);
        lifetime.ApplicationStopping.Register(() =>
        {
            _log.LogInformation("Initiating Shutdown...");
            server.ShutdownAsync().GetAwaiter().GetResult();
            _log.LogInformation("Server Exiting..");
        });
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs after every hosted service started, Kestrel's included: the ports are bound.</summary>
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        var options = settings.Server;
        // Before the "Listening" line: whoever waits for that line may look for the pid file at once.
        PidFile.Write(options.PidFile);
        services.GetRequiredService<SignalHandlers>();
        // $SYS.REQ.SERVER.<id>.RELOAD and .LDM reach the same operations as the signals.
        var reloader = services.GetRequiredService<ConfigReloader>();
        server.System.Reload = reloader.Reload;
        server.System.LameDuck = () => _ = SignalHandlers.LameDuckThenStopAsync(server, lifetime);

        server.BoundPort = bound.Port(ListenerKind.Client) ?? 0;
        server.BoundHttpPort = bound.Port(ListenerKind.Monitor) ?? 0;
        if (bound.Port(ListenerKind.Monitor) is { } http)
            _log.LogInformation("Starting http monitor on {Host}:{Port}", settings.HttpHost, http);
        if (bound.Port(ListenerKind.Monitor) is not null && options.HttpWebSocket.AnyOrigin)
            _log.LogWarning("http_websocket: pages of any web site may open NATS over WebSocket on the HTTP port");
        if (bound.Port(ListenerKind.MonitorTls) is { } https)
            _log.LogInformation("Starting https monitor on {Host}:{Port}", settings.HttpHost, https);
        if (bound.Port(ListenerKind.WebSocket) is { } ws)
        {
            var secure = options.WebSocket.Tls is not null;
            _log.LogInformation("Listening for websocket clients on {Scheme}://{Host}:{Port}", secure ? "wss" : "ws", options.WebSocket.Host, ws);
            if (!secure) _log.LogWarning("Websocket not configured with TLS. DO NOT USE IN PRODUCTION!");
        }
        _log.LogInformation("Listening for client connections on {Host}:{Port}", options.Host, server.BoundPort);
        _log.LogInformation(
            "Limits: max_payload {MaxPayload}, max_control_line {MaxControlLine}, max_pending {MaxPending}, max_connections {MaxConnections}, ping_interval {PingInterval}, ping_max {PingMax}, write_deadline {WriteDeadline}",
            options.MaxPayload, options.MaxControlLine, options.MaxPending, options.MaxConnections, options.PingInterval, options.MaxPingsOut, options.WriteDeadline);
        _log.LogInformation("Server is ready");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken)
    {
        PidFile.Remove(settings.Server.PidFile);
        return Task.CompletedTask;
    }
}

using System.Net;
using Microsoft.AspNetCore.Connections;
using System.Net.Sockets;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging.Console;
using WebBroker.Broker.Hosting;
using WebBroker.Broker.Server;
using WebBroker.Dashboard.Access;
using WebBroker.Dashboard.Components;
using WebBroker.Web.Logging;
using WebBroker.Web.Operations;
using WebBroker.Web.Transport;
using WebBroker.Web.WebSockets;

namespace WebBroker.Web;

/// <summary>Composes the process: options from every source, Kestrel listeners, HTTP endpoints, dashboard.</summary>
public static class BrokerHost
{
    public static string Version => typeof(BrokerHost).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    public static async Task<int> RunAsync(CommandLine commandLine)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            // nats-server's flags are ours to read; ASP.NET's own command-line provider would misread them.
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
        });
        var settings = HostSettings.Resolve(builder.Configuration, commandLine);
        var options = settings.Server;

        var levels = new LogLevelSwitch();
        levels.Set(options.Debug, options.Trace);
        NatsLogLine.WithTime = options.Logtime;
        var logFile = new FileLoggerProvider(options.LogFile);
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.FormatterName = NatsLogFormatter.Name)
            .AddConsoleFormatter<NatsLogFormatter, ConsoleFormatterOptions>();
        builder.Logging.AddProvider(logFile);
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Logging.AddFilter((_, category, level) => levels.Allows(category, level));
        builder.Services.AddSingleton(levels);
        builder.Services.AddSingleton(logFile);
        builder.Services.AddSingleton(commandLine);
        builder.Services.AddSingleton<ConfigReloader>();
        builder.Services.AddSingleton<SignalHandlers>();
        if (commandLine.TestConfig)
        {
            Console.WriteLine("webbroker: configuration is valid");
            return 0;
        }

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(sp => new NatsServer(options, sp.GetRequiredService<ILoggerFactory>().CreateLogger("WebBroker")));
        var transportPools = new LargeBlockMemoryPoolFactory();
        builder.Services.AddSingleton<IMemoryPoolFactory<byte>>(transportPools);
        builder.Services.AddSingleton(transportPools);
        builder.Services.AddHostedService<MemoryTrimmer>();
        if (options.Tls is { } tls) builder.Services.AddSingleton(WebBroker.Web.Security.TlsHandshake.Create(tls));
        settings.Dashboard.PasswordMatches = WebBroker.Broker.Security.PasswordCheck.Matches;
        string? keyDirectory = Path.Combine(settings.DataDirectory, "dashboard-keys"), keyWarning = null;
        try
        {
            DashboardAccess.CreateKeyDirectory(keyDirectory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            keyWarning = $"cannot keep the dashboard's key ring in {keyDirectory} ({ex.Message}): it is kept in memory, so dashboard sessions end at restart (use -sd to choose the data directory)";
            keyDirectory = null;
        }
        builder.Services.AddDashboardAccess(settings.Dashboard, keyDirectory);
        builder.Services.AddSingleton<WebBroker.Dashboard.Data.ISystemRequests, InProcessSystemRequests>();
        builder.Services.AddSingleton<WebBroker.Dashboard.Data.ServerSampler>();
        builder.Services.AddSingleton<WebBroker.Dashboard.Data.EventFeed>();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();

        ListenOptions? natsListener = null;
        ListenOptions? httpListener = null;
        ListenOptions? wsListener = null;
        ListenOptions? httpsListener = null;
        var httpPort = ResolveHttpPort(settings, out var defaultHttpSocket);
        builder.WebHost.UseSockets(o =>
        {
            // An operation is held unconsumed until complete, so the read buffer must fit the largest one.
            o.MaxReadBufferSize = Math.Max(1024 * 1024, options.MaxPayload + options.MaxControlLine + 1024) * 2L;
            // What the transport may hold beyond our own outbound queue. The kernel's socket buffer comes
            // first (as for nats-server); this only covers a subscriber that lags behind it, and is kept small
            // because it is paid per lagging subscriber: the producer is stalled instead (see NatsClient).
            o.MaxWriteBufferSize = 64 * 1024;
            // Skip the zero-byte read before each receive: one system call less per read.
            o.WaitForDataBeforeAllocatingBuffer = false;
        });
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(ParseAddress(options.Host), options.Port <= 0 ? 0 : options.Port, lo =>
            {
                natsListener = lo;
                lo.UseConnectionHandler<NatsConnectionHandler>();
            });
            if (options.WebSocket.Port is { } wsPort)
                k.Listen(ParseAddress(options.WebSocket.Host), wsPort <= 0 ? 0 : wsPort, lo =>
                {
                    wsListener = lo;
                    // The deadline covers the TLS handshake too: it is added before HTTPS.
                    lo.Use(WebBroker.Web.WebSockets.HandshakeTimeout.Middleware(options.WebSocket.HandshakeTimeout));
                    if (options.WebSocket.Tls is { } wsTls) lo.UseHttps(WebBroker.Web.Security.TlsHandshake.HttpsOptions(wsTls));
                });
            if (options.HttpsPort != 0 && options.Tls is { } monitorTls)
                k.Listen(ParseAddress(settings.HttpHost), options.HttpsPort < 0 ? 0 : options.HttpsPort, lo =>
                {
                    httpsListener = lo;
                    lo.UseHttps(WebBroker.Web.Security.TlsHandshake.HttpsOptions(monitorTls));
                });
            if (defaultHttpSocket is not null)
                k.ListenHandle((ulong)defaultHttpSocket.Handle, lo => httpListener = lo);
            else if (httpPort is { } port)
                k.Listen(ParseAddress(settings.HttpHost), port <= 0 ? 0 : port, lo => httpListener = lo);
        });

        var app = builder.Build();
        var httpBoundPort = 0;
        var server = app.Services.GetRequiredService<NatsServer>();
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("WebBroker");
        MemoryTrimmer.ApplyHeapLimit(options, log);

        app.UseNatsWebSockets(server, () => wsListener?.IPEndPoint?.Port);
        app.UseDashboardRequestGuard();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.UseStaticFiles(); // what the manifest does not list: the Blazor script
        // Open as nats-server's unless dashboard { protect_monitoring: true } (the policy reads the live setting).
        MonitoringEndpoints.Map(app.MapGroup("").RequireAuthorization(DashboardPolicies.Monitor).WithMetadata(MonitoringEndpointMetadata.Instance),
            server, () => (settings.HttpHost, httpBoundPort));
        app.MapDashboardAccess();
        app.MapDashboardActions();
        // Blazor Server: live pages over a circuit (the sign-in page stays static: it sets the cookie). Every page and
        // the hub (/_blazor) need the View policy, the sign-in page excepted ([AllowAnonymous]).
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode()
            .RequireAuthorization(DashboardPolicies.View).WithMetadata(DashboardEndpointMetadata.Instance);

        app.Lifetime.ApplicationStopping.Register(() =>
        {
            log.LogInformation("Initiating Shutdown...");
            server.ShutdownAsync().GetAwaiter().GetResult();
            log.LogInformation("Server Exiting..");
        });

        if (keyWarning is not null) log.LogWarning("{Warning}", keyWarning);
        foreach (var warning in settings.Warnings)
            log.LogWarning("{Position}: {Message}", warning.Position, warning.Message);
        foreach (var flag in commandLine.NotYetSupported)
            log.LogWarning("{Flag} is not yet supported by WebBroker and is ignored", flag);
        log.LogInformation("Starting webbroker");
        log.LogInformation("  Version:  {Version} (nats-server {Proto} compatible)", Version, NatsServer.ProtocolVersion);
        log.LogInformation("  ID:       {Id}", server.ServerId);
        await app.StartAsync();
        // Before the "Listening" line: whoever waits for that line may look for the pid file at once.
        PidFile.Write(options.PidFile);
        app.Services.GetRequiredService<SignalHandlers>();
        // $SYS.REQ.SERVER.<id>.RELOAD and .LDM reach the same operations as the signals.
        var reloader = app.Services.GetRequiredService<ConfigReloader>();
        server.System.Reload = reloader.Reload;
        server.System.LameDuck = () => _ = SignalHandlers.LameDuckThenStopAsync(server, app.Lifetime);

        server.BoundPort = natsListener!.IPEndPoint!.Port;
        var httpBound = httpListener?.IPEndPoint?.Port ?? (defaultHttpSocket?.LocalEndPoint as IPEndPoint)?.Port;
        httpBoundPort = httpBound ?? 0;
        server.BoundHttpPort = httpBoundPort;
        if (httpBound is { } boundHttp)
            log.LogInformation("Starting http monitor on {Host}:{Port}", settings.HttpHost, boundHttp);
        if (httpBound is not null && options.HttpWebSocket.AnyOrigin)
            log.LogWarning("http_websocket: pages of any web site may open NATS over WebSocket on the HTTP port");
        if (httpsListener?.IPEndPoint is { } https)
            log.LogInformation("Starting https monitor on {Host}:{Port}", settings.HttpHost, https.Port);
        if (wsListener?.IPEndPoint is { } ws)
        {
            var secure = options.WebSocket.Tls is not null;
            log.LogInformation("Listening for websocket clients on {Scheme}://{Host}:{Port}", secure ? "wss" : "ws", options.WebSocket.Host, ws.Port);
            if (!secure) log.LogWarning("Websocket not configured with TLS. DO NOT USE IN PRODUCTION!");
        }
        log.LogInformation("Listening for client connections on {Host}:{Port}", options.Host, server.BoundPort);
        log.LogInformation(
            "Limits: max_payload {MaxPayload}, max_control_line {MaxControlLine}, max_pending {MaxPending}, max_connections {MaxConnections}, ping_interval {PingInterval}, ping_max {PingMax}, write_deadline {WriteDeadline}",
            options.MaxPayload, options.MaxControlLine, options.MaxPending, options.MaxConnections, options.PingInterval, options.MaxPingsOut, options.WriteDeadline);
        log.LogInformation("Server is ready");
        try
        {
            await app.WaitForShutdownAsync();
        }
        finally
        {
            PidFile.Remove(options.PidFile);
        }
        return 0;
    }

    /// <summary>The monitoring port. An explicit one must bind. The implicit default (8222) is skipped with a
    /// warning when taken, so that several brokers (tests, benchmarks) can run side by side; to decide
    /// without a race, we bind it ourselves and hand Kestrel the listening socket.</summary>
    private static int? ResolveHttpPort(HostSettings settings, out Socket? defaultSocket)
    {
        defaultSocket = null;
        var port = settings.Server.HttpPort;
        if (port == 0) return null;
        if (!settings.HttpPortIsDefault) return port;
        var address = ParseAddress(settings.HttpHost);
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(address, port));
            socket.Listen(512);
            defaultSocket = socket;
            return port;
        }
        catch (SocketException)
        {
            socket.Dispose();
            Console.Error.WriteLine($"[WRN] http port {port} is in use; monitoring and dashboard are off (use -m to choose a port)");
            return null;
        }
    }

    internal static IPAddress ParseAddress(string host) => host switch
    {
        "" or "0.0.0.0" or "*" => IPAddress.Any,
        "::" or "[::]" => IPAddress.IPv6Any,
        "localhost" => IPAddress.Loopback,
        _ => IPAddress.TryParse(host.Trim('[', ']'), out var ip) ? ip : Dns.GetHostAddresses(host)[0],
    };
}

using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using WebBroker.Broker.Server;
using WebBroker.Dashboard.Access;
using WebBroker.Web;
using WebBroker.Web.Listeners;
using WebBroker.Web.Logging;
using WebBroker.Web.Operations;
using WebBroker.Web.Transport;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Hosts the broker in any ASP.NET Core application: <c>builder.Services.AddWebBroker(builder.Configuration)</c>,
/// then <c>app.MapWebBroker()</c>. The listeners (NATS TCP, WebSocket, monitoring) are bound on the
/// application's Kestrel through its options, so no separate Kestrel call is needed.
/// </summary>
public static class WebBrokerServiceCollectionExtensions
{
    /// <summary>Resolves the broker's options now (a <see cref="WebBroker.Broker.Configuration.ConfigException"/>
    /// or <see cref="CommandLineException"/> reports a bad one) and registers the server, its listeners,
    /// reload, signals, monitoring and dashboard services.</summary>
    public static IServiceCollection AddWebBroker(this IServiceCollection services, IConfiguration configuration,
        Action<WebBrokerHostOptions>? configure = null)
    {
        var host = new WebBrokerHostOptions();
        configure?.Invoke(host);
        var settings = HostSettings.Resolve(configuration, host);
        var options = settings.Server;
        services.AddSingleton(host);
        services.AddSingleton(settings);
        services.AddSingleton(options);

        var levels = new LogLevelSwitch();
        levels.Set(options.Debug, options.Trace);
        var logFile = new FileLoggerProvider(host.NatsLogging ? options.LogFile : null);
        services.AddSingleton(levels);
        services.AddSingleton(logFile);
        if (host.NatsLogging)
        {
            NatsLogLine.WithTime = options.Logtime;
            services.AddLogging(logging =>
            {
                logging.ClearProviders();
                logging.AddConsole(o => o.FormatterName = NatsLogFormatter.Name)
                    .AddConsoleFormatter<NatsLogFormatter, ConsoleFormatterOptions>();
                logging.AddProvider(logFile);
                logging.SetMinimumLevel(LogLevel.Trace);
                logging.AddFilter((_, category, level) => levels.Allows(category, level));
            });
        }

        services.AddSingleton(sp => new NatsServer(options, sp.GetRequiredService<ILoggerFactory>().CreateLogger("WebBroker")));
        services.AddSingleton<ConfigReloader>();
        services.AddSingleton<SignalHandlers>();
        services.AddHostedService<BrokerLifecycle>();
        if (options.Tls is { } tls) services.AddSingleton(WebBroker.Web.Security.TlsHandshake.Create(tls));

        // Kestrel: large socket buffers (see LargeBlockMemoryPool) and every registered front door.
        var transportPools = new LargeBlockMemoryPoolFactory();
        services.AddSingleton<IMemoryPoolFactory<byte>>(transportPools);
        services.AddSingleton(transportPools);
        services.AddHostedService<MemoryTrimmer>();
        // The NATS client port's own transport (see DirectSocketTransportFactory); Kestrel's serves the rest.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConnectionListenerFactory, DirectSocketTransportFactory>());
        services.Configure<SocketTransportOptions>(o =>
        {
            // An operation is held unconsumed until complete, so the read buffer must fit the largest one.
            o.MaxReadBufferSize = Math.Max(1024 * 1024, options.MaxPayload + options.MaxControlLine + 1024) * 2L;
            // What the transport may hold beyond our own outbound queue. The kernel's socket buffer comes
            // first (as for nats-server); this only covers a subscriber that lags behind it, and is kept small
            // because it is paid per lagging subscriber: the producer is stalled instead (see NatsClient).
            o.MaxWriteBufferSize = 64 * 1024;
            // Wait for data (a zero-byte receive) before taking a 64 KiB block for it, so that a connection that
            // is not sending holds none: without it every subscriber pins a block while it waits, 4 MiB for
            // 64 of them (nats-server's read buffer shrinks to 512 bytes when idle). A busy connection pays one
            // system call more per read of up to 64 KiB.
            o.WaitForDataBeforeAllocatingBuffer = true;
        });
        services.AddSingleton<BoundListeners>();
        services.AddBrokerListener<ClientListener>();
        services.AddBrokerListener<WebSocketListener>();
        services.AddBrokerListener<MonitorListener>();
        services.AddSingleton<IConfigureOptions<KestrelServerOptions>, ListenerSetup>();

        AddDashboard(services, settings, host.Dashboard);
        services.AddSingleton<DeferredEndpointsHolder>();
        services.AddTransient<IStartupFilter, DeferredEndpoints.StartupFilter>();
        RemoveKeyRingWarmUp(services);
        return services;
    }

    /// <summary>Data Protection reads (or creates) its key ring at start from a hosted service of its own, which
    /// brings in the XML stack and OpenSSL (about 5 MiB resident). The ring is read anyway when the first cookie or
    /// form token is protected, so it waits for that; removed after everything that adds Data Protection did.</summary>
    private static void RemoveKeyRingWarmUp(IServiceCollection services)
    {
        for (var i = services.Count - 1; i >= 0; i--)
            if (services[i].ServiceType == typeof(IHostedService) && services[i].ImplementationType?.Name == "DataProtectionHostedService")
                services.RemoveAt(i);
    }

    /// <summary>Registers a front door: its endpoints are bound on Kestrel with the broker's others.</summary>
    public static IServiceCollection AddBrokerListener<TFactory>(this IServiceCollection services) where TFactory : class, IListenerFactory
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IListenerFactory, TFactory>());
        return services;
    }

    /// <summary>Access control always (protect_monitoring guards the monitoring endpoints with it); pages only when asked.</summary>
    private static void AddDashboard(IServiceCollection services, HostSettings settings, bool pages)
    {
        settings.Dashboard.PasswordMatches = WebBroker.Broker.Security.PasswordCheck.Matches;
        string? keyDirectory = Path.Combine(settings.DataDirectory, "dashboard-keys");
        try
        {
            DashboardAccess.CreateKeyDirectory(keyDirectory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            settings.StartupWarnings.Add($"cannot keep the dashboard's key ring in {keyDirectory} ({ex.Message}): it is kept in memory, so dashboard sessions end at restart (use -sd to choose the data directory)");
            keyDirectory = null;
        }
        services.AddDashboardAccess(settings.Dashboard, keyDirectory);
        if (!pages) return;
        services.AddSingleton<WebBroker.Dashboard.Data.ISystemRequests, InProcessSystemRequests>();
        services.AddSingleton<WebBroker.Dashboard.Data.ServerSampler>();
        services.AddSingleton<WebBroker.Dashboard.Data.EventFeed>();
        services.AddRazorComponents().AddInteractiveServerComponents();
    }

    /// <summary>Binds every registered front door when Kestrel reads its options.</summary>
    private sealed class ListenerSetup(IEnumerable<IListenerFactory> factories, BoundListeners bound) : IConfigureOptions<KestrelServerOptions>
    {
        public void Configure(KestrelServerOptions kestrel)
        {
            foreach (var factory in factories) factory.Bind(kestrel, bound);
        }
    }
}

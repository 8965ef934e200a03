using WebBroker.Broker.Configuration;
using WebBroker.Broker.Server;
using WebBroker.Dashboard.Access;

namespace WebBroker.Web;

/// <summary>
/// Everything the host needs, resolved with nats-server's precedence:
/// flags over the config file over appsettings.json (section "WebBroker") over defaults.
/// </summary>
public sealed class HostSettings
{
    public required ServerOptions Server { get; init; }
    /// <summary>True when nobody chose the HTTP port: it is then skipped, not fatal, when taken.</summary>
    public bool HttpPortIsDefault { get; set; }
    /// <summary>The config file's warnings (unknown keys, not yet supported blocks), logged at start-up.</summary>
    public IReadOnlyList<ConfigWarning> Warnings { get; set; } = [];
    /// <summary>The host's own warnings found while composing it (logged at start-up, with <see cref="Warnings"/>).</summary>
    public List<string> StartupWarnings { get; } = [];
    public string HttpHost => Server.HttpHost ?? Server.Host;
    /// <summary>Who may open the dashboard (appsettings <c>WebBroker:Dashboard</c>, or the config file's <c>dashboard</c> block).</summary>
    public DashboardAccessOptions Dashboard { get; } = new();
    /// <summary>This instance's own files (the dashboard's key ring): <c>-sd/--store_dir</c>, else <c>./data</c>.</summary>
    public string DataDirectory { get; private set; } = Path.GetFullPath("data");

    public static HostSettings Resolve(IConfiguration configuration, CommandLine commandLine) =>
        Resolve(configuration, new WebBrokerHostOptions { CommandLine = commandLine });

    public static HostSettings Resolve(IConfiguration configuration, WebBrokerHostOptions host)
    {
        var commandLine = host.CommandLine;
        var options = new ServerOptions();
        var section = configuration.GetSection("WebBroker");
        section.Bind(options);
        var settings = new HostSettings { Server = options, HttpPortIsDefault = section.GetValue<int?>("HttpPort") is null };
        section.GetSection("Dashboard").Bind(settings.Dashboard);

        if (host.ConfigFileToLoad is { } path)
        {
            var document = ConfigFile.Load(path);
            settings.Warnings = ServerConfigBinder.Apply(document, options);
            if (document.Root.TryGetValue("dashboard", out var dashboard)) DashboardConfigBlock.Apply(dashboard, settings.Dashboard);
            if (document.Root.Keys.Any(k => k.Equals("http", StringComparison.OrdinalIgnoreCase) || k.Equals("http_port", StringComparison.OrdinalIgnoreCase)))
                settings.HttpPortIsDefault = false;
        }

        if (commandLine.Tls || commandLine.TlsCert is not null)
        {
            options.Tls ??= new TlsOptions();
            options.Tls.CertFile = commandLine.TlsCert ?? options.Tls.CertFile;
            options.Tls.KeyFile = commandLine.TlsKey ?? options.Tls.KeyFile;
            options.Tls.CaFile = commandLine.TlsCaCert ?? options.Tls.CaFile;
            options.Tls.Verify |= commandLine.TlsVerify;
            if (options.Tls.CertFile.Length == 0 || options.Tls.KeyFile.Length == 0)
                throw new CommandLineException("--tls needs --tlscert and --tlskey");
        }
        if (commandLine.StoreDir is { } dataDir) settings.DataDirectory = Path.GetFullPath(dataDir);
        if (commandLine.Port is { } p) options.Port = p;
        if (commandLine.Host is { } h) options.Host = h;
        if (commandLine.HttpPort is { } m) { options.HttpPort = m; settings.HttpPortIsDefault = false; }
        if (commandLine.HttpsPort is { } ms) options.HttpsPort = ms;
        if (options.HttpsPort != 0 && options.Tls is null)
            throw new CommandLineException("Can't start monitoring: TLS cert and key required for HTTPS");
        if (commandLine.ServerName is { } n) options.ServerName = n;
        if (commandLine.User is { } u) options.Username = u;
        if (commandLine.Pass is { } pw) options.Password = pw;
        if (commandLine.Token is { } t) options.Token = t;
        if (commandLine.Debug) options.Debug = true;
        if (commandLine.Trace) options.Trace = true;
        if (commandLine.LogFile is { } l) options.LogFile = l;
        if (commandLine.PidFile is { } pid) options.PidFile = pid;
        host.ConfigureServer?.Invoke(options);
        return settings;
    }
}

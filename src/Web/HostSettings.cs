using WebBroker.Broker.Server;

namespace WebBroker.Web;

/// <summary>
/// Everything the host needs, resolved with nats-server's precedence:
/// flags over the config file over appsettings.json (section "WebBroker") over defaults.
/// </summary>
public sealed class HostSettings
{
    public const int DefaultHttpPort = 8222;

    public required ServerOptions Server { get; init; }
    public string HttpHost { get; set; } = "0.0.0.0";
    public int? HttpPort { get; set; }
    public bool HttpPortIsDefault { get; set; }

    public static HostSettings Resolve(IConfiguration configuration, CommandLine commandLine)
    {
        var options = new ServerOptions();
        var section = configuration.GetSection("WebBroker");
        section.Bind(options);
        var settings = new HostSettings { Server = options };
        var httpFromAppSettings = section.GetValue<int?>("HttpPort");
        settings.HttpPort = httpFromAppSettings ?? DefaultHttpPort;
        settings.HttpPortIsDefault = httpFromAppSettings is null;
        settings.HttpHost = section.GetValue<string?>("HttpHost") ?? options.Host;

        if (commandLine.ConfigFile is not null) ConfigFileSettings.Apply(commandLine.ConfigFile, settings);

        if (commandLine.Port is { } p) options.Port = p;
        if (commandLine.Host is { } h) options.Host = h;
        if (commandLine.HttpPort is { } m) { settings.HttpPort = m; settings.HttpPortIsDefault = false; }
        if (commandLine.ServerName is { } n) options.ServerName = n;
        if (commandLine.User is { } u) options.Username = u;
        if (commandLine.Pass is { } pw) options.Password = pw;
        if (commandLine.Token is { } t) options.Token = t;
        if (commandLine.Debug) options.Debug = true;
        if (commandLine.Trace) options.Trace = true;
        return settings;
    }
}

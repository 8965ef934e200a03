using WebBroker.Broker.Server;

namespace WebBroker.Web;

/// <summary>
/// How an application hosts the broker (<c>AddWebBroker</c>). The server's own options come from, in rising
/// precedence: the configuration section <c>WebBroker</c> (appsettings.json), the nats-server config file,
/// the command-line flags, then <see cref="ConfigureServer"/>. A config reload re-reads all four.
/// </summary>
public sealed class WebBrokerHostOptions
{
    /// <summary>A nats-server config file (<c>-c</c>); the flags' own <c>-c</c> wins over it.</summary>
    public string? ConfigFile { get; set; }

    /// <summary>nats-server's command-line flags, laid over the config file (the standalone executable's).</summary>
    public CommandLine CommandLine { get; set; } = new();

    /// <summary>Last word on the server's options, in code; runs again on every reload.</summary>
    public Action<ServerOptions>? ConfigureServer { get; set; }

    /// <summary>Serve the Blazor dashboard (its pages, sign-in and actions) on the HTTP listener.</summary>
    public bool Dashboard { get; set; } = true;

    /// <summary>Take over the application's logging with nats-server's line format, log_file and -D/-V levels.
    /// Off by default: an embedding application keeps its own providers.</summary>
    public bool NatsLogging { get; set; }

    internal string? ConfigFileToLoad => CommandLine.ConfigFile ?? ConfigFile;
}

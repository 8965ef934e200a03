using System.Globalization;

namespace WebBroker.Web;

/// <summary>
/// nats-server's command-line flags. Only what was given is set, so the flags can be laid over the
/// config file and appsettings.json (flags win).
/// </summary>
public sealed class CommandLine
{
    public int? Port { get; private set; }
    public string? Host { get; private set; }
    public int? HttpPort { get; private set; }
    public int? HttpsPort { get; private set; }
    public string? ServerName { get; private set; }
    public string? ConfigFile { get; private set; }
    public bool? JetStream { get; private set; }
    public string? StoreDir { get; private set; }
    public string? User { get; private set; }
    public string? Pass { get; private set; }
    public string? Token { get; private set; }
    public bool Debug { get; private set; }
    public bool Trace { get; private set; }
    public string? LogFile { get; private set; }
    public string? PidFile { get; private set; }
    public bool ShowVersion { get; private set; }
    public bool ShowHelp { get; private set; }
    public bool TestConfig { get; private set; }
    /// <summary>--signal reload|ldm|quit|stop|term|reopen[=pid|pid file]: signal a running broker and exit.</summary>
    public string? Signal { get; private set; }
    public bool Tls { get; private set; }
    public bool TlsVerify { get; private set; }
    public string? TlsCert { get; private set; }
    public string? TlsKey { get; private set; }
    public string? TlsCaCert { get; private set; }
    /// <summary>Flags accepted for nats-server compatibility whose feature is not built yet (reported at start-up).</summary>
    public List<string> NotYetSupported { get; } = [];

    public static CommandLine Parse(string[] args)
    {
        var c = new CommandLine();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            string? inline = null;
            var eq = arg.IndexOf('=');
            if (arg.StartsWith('-') && eq > 0)
            {
                inline = arg[(eq + 1)..];
                arg = arg[..eq];
            }
            string Value() => inline ?? (i + 1 < args.Length ? args[++i] : throw new CommandLineException($"flag needs an argument: {arg}"));
            int IntValue() => int.TryParse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)
                ? v : throw new CommandLineException($"invalid value for {arg}");
            switch (arg.TrimStart('-'))
            {
                case "p" or "port": c.Port = IntValue(); break;
                case "a" or "addr" or "net": c.Host = Value(); break;
                case "m" or "http_port": c.HttpPort = IntValue(); break;
                case "ms" or "https_port": c.HttpsPort = IntValue(); break;
                case "n" or "name" or "server_name": c.ServerName = Value(); break;
                case "c" or "config": c.ConfigFile = Value(); break;
                case "js" or "jetstream": c.JetStream = true; break;
                case "sd" or "store_dir": c.StoreDir = Value(); break;
                case "user": c.User = Value(); break;
                case "pass": c.Pass = Value(); break;
                case "auth": c.Token = Value(); break;
                case "D" or "debug": c.Debug = true; break;
                case "V" or "trace": c.Trace = true; break;
                case "DV": c.Debug = c.Trace = true; break;
                case "l" or "log": c.LogFile = Value(); break;
                case "P" or "pid": c.PidFile = Value(); break;
                case "v" or "version": c.ShowVersion = true; break;
                case "h" or "help": c.ShowHelp = true; break;
                case "t": c.TestConfig = true; break;
                case "sl" or "signal": c.Signal = Value(); break;
                case "cluster" or "cluster_name" or "routes" or "cluster_advertise" or "connect_retries":
                    c.NotYetSupported.Add($"--{arg.TrimStart('-')} (clustering)");
                    Value();
                    break;
                case "no_advertise":
                    c.NotYetSupported.Add("--no_advertise (clustering)");
                    break;
                case "tls": c.Tls = true; break;
                case "tlsverify": c.Tls = c.TlsVerify = true; break;
                case "tlscert": c.TlsCert = Value(); break;
                case "tlskey": c.TlsKey = Value(); break;
                case "tlscacert": c.TlsCaCert = Value(); break;
                default: throw new CommandLineException($"flag provided but not defined: {args[i]}");
            }
        }
        return c;
    }

    public const string Usage = """
        Usage: webbroker [options]

        Server Options:
            -a, --addr, --net <host>         Bind to host address (default: 0.0.0.0)
            -p, --port <port>                Use port for clients (default: 4222, -1 for random)
            -n, --name <server_name>         Server name (default: the server id)
            -m, --http_port <port>           Use port for http monitoring (default: 8222)
            -ms,--https_port <port>          Use port for https monitoring
            -c, --config <file>              Configuration file (nats-server format)
            -t                               Test configuration and exit
            -js, --jetstream                 Enable JetStream functionality
            -sd, --store_dir <dir>           Set the storage directory

        Logging Options:
            -l, --log <file>                 File to redirect log output
            -D, --debug                      Enable debugging output
            -V, --trace                      Trace the raw protocol
            -DV                              Debug and trace
            -P, --pid <file>                 File to store PID

        Authorization Options:
            --user <user>                    User required for connections
            --pass <password>                Password required for connections
            --auth <token>                   Authorization token required for connections

        Signal Options:
            -sl, --signal <signal>[=<pid>]   Send signal to a running webbroker (reload, ldm, quit,
                                             stop, term, reopen); <pid> may be a pid or a pid file

        Common Options:
            -h, --help                       Show this message
            -v, --version                    Show version
        """;
}

public sealed class CommandLineException(string message) : Exception(message);

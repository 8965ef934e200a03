using System.Globalization;

namespace WebBroker.Broker.Configuration;

public static partial class ServerConfigBinder
{
    /// <summary>Where the server listens: client port, monitoring HTTP(S), advertise address.</summary>
    private sealed partial class Binding
    {

        /// <summary>Applies <paramref name="key"/> if it is one of the listen keys.</summary>
        private bool TryApplyListen(string key, ConfigEntry entry)
        {
            switch (key)
            {
                case "listen":
                    var (host, port) = HostPort(entry);
                    options.Host = string.IsNullOrEmpty(host) ? "0.0.0.0" : host;
                    options.Port = port;
                    return true;
                case "port":
                    options.Port = Port(entry, Integer(entry));
                    return true;
                case "host" or "net":
                    options.Host = String(entry);
                    return true;
                case "client_advertise":
                    options.ClientAdvertise = String(entry);
                    return true;
                case "http":
                    (options.HttpHost, options.HttpPort) = HostPort(entry);
                    return true;
                case "https":
                    (options.HttpHost, options.HttpsPort) = HostPort(entry);
                    return true;
                case "https_port":
                    options.HttpsPort = Port(entry, Integer(entry));
                    return true;
                case "http_port" or "monitor_port":
                    options.HttpPort = Port(entry, Integer(entry));
                    return true;
                case "http_base_path":
                    options.HttpBasePath = String(entry);
                    return true;
                default:
                    return false;
            }
        }

        private static int Port(ConfigEntry entry, long port) =>
            port is >= -1 and <= 65535
                ? (int)port
                : throw entry.Value.Error($"{entry.Key}: port {port} is out of range (0 to 65535, or -1 for a random port)");

        /// <summary><c>port</c>, or <c>"host:port"</c> as Go's <c>net.SplitHostPort</c> reads it (<c>[::1]:4222</c> for IPv6).</summary>
        private static (string? Host, int Port) HostPort(ConfigEntry entry)
        {
            if (entry.Value is ConfigScalar { Kind: ConfigValueKind.Integer } number)
            {
                return (null, Port(entry, (long)number.Value));
            }
            if (entry.Value is not ConfigScalar { Kind: ConfigValueKind.String } text)
            {
                throw Mismatch(entry, "port or host:port");
            }
            var address = (string)text.Value;
            if (!SplitHostPort(address, out var host, out var portText))
            {
                throw entry.Value.Error($"could not parse address string \"{address}\"");
            }
            if (!int.TryParse(portText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var port))
            {
                throw entry.Value.Error($"could not parse port \"{portText}\"");
            }
            return (host.Length == 0 ? null : host, Port(entry, port));
        }

        private static bool SplitHostPort(string address, out string host, out string port)
        {
            host = port = "";
            int colon;
            if (address.StartsWith('['))
            {
                var close = address.IndexOf(']');
                if (close < 0 || close + 1 >= address.Length || address[close + 1] != ':')
                {
                    return false;
                }
                host = address[1..close];
                colon = close + 1;
                if (address.IndexOfAny(['[', ']'], 1) != close || address.IndexOfAny(['[', ']'], close + 1) >= 0)
                {
                    return false;
                }
            }
            else
            {
                colon = address.LastIndexOf(':');
                if (colon < 0 || address.IndexOf(':') != colon || address.IndexOfAny(['[', ']']) >= 0)
                {
                    return false;
                }
                host = address[..colon];
            }
            port = address[(colon + 1)..];
            return true;
        }
    }
}

namespace WebBroker.Web;

/// <summary>Lays a nats-server config file over the settings.</summary>
internal static class ConfigFileSettings
{
    public static void Apply(string path, HostSettings settings)
    {
        if (!File.Exists(path)) throw new CommandLineException($"config file not found: {path}");
    }
}

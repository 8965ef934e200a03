namespace WebBroker.TestSupport;

/// <summary>Config files in nats-server's format, which both servers read.</summary>
public static class ConfigFiles
{
    /// <summary>The name a started server's config gets in its work directory (rewritten for reloads).</summary>
    public const string DefaultName = "server.conf";

    /// <summary>Writes <paramref name="text"/> to <paramref name="name"/> in <paramref name="directory"/>; returns the path.</summary>
    public static async Task<string> WriteAsync(string directory, string text, string name = DefaultName)
    {
        var path = Path.Combine(directory, name);
        await File.WriteAllTextAsync(path, text);
        return path;
    }
}

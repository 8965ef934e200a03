namespace WebBroker.Broker.Configuration;

/// <summary>A parsed config file: its top-level map, with every included file merged in.</summary>
public sealed class ConfigDocument
{
    internal ConfigDocument(string path, ConfigMap root, IReadOnlyList<string> files)
    {
        Path = path;
        Root = root;
        Files = files;
    }

    /// <summary>The path of the main file, as it was given.</summary>
    public string Path { get; }

    public ConfigMap Root { get; }

    /// <summary>Every file that was read, the main one first, then the included ones in the order met.</summary>
    public IReadOnlyList<string> Files { get; }
}

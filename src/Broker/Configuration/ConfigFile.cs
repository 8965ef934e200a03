namespace WebBroker.Broker.Configuration;

/// <summary>Reads nats-server config files (the format of <c>nats-server -c FILE</c>).</summary>
public static class ConfigFile
{
    /// <summary>
    /// Reads and parses the file at <paramref name="path"/> with the files it includes.
    /// <paramref name="environment"/> answers <c>$NAME</c> references that no key of the file
    /// defines; by default the process environment.
    /// </summary>
    /// <exception cref="ConfigException">The file cannot be read or has a syntax error; the message names file:line:column.</exception>
    public static ConfigDocument Load(string path, Func<string, string?>? environment = null)
    {
        var session = new ConfigParseSession(environment ?? Environment.GetEnvironmentVariable);
        var root = ConfigParser.ParseFile(path, session, includedAt: null);
        return new ConfigDocument(path, root, session.Files);
    }

    /// <summary>
    /// Parses config text as if it were the content of <paramref name="fileName"/>, which names
    /// the text in messages and anchors relative includes.
    /// </summary>
    /// <exception cref="ConfigException">A syntax error or an unreadable include; the message names file:line:column.</exception>
    public static ConfigDocument Parse(string text, string fileName = "config", Func<string, string?>? environment = null)
    {
        var session = new ConfigParseSession(environment ?? Environment.GetEnvironmentVariable);
        session.Files.Add(fileName);
        session.OpenFiles.Add(Path.GetFullPath(fileName));
        var root = ConfigParser.ParseText(text, fileName, session);
        return new ConfigDocument(fileName, root, session.Files);
    }
}

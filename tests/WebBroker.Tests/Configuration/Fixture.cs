using WebBroker.Broker.Configuration;

namespace WebBroker.Tests.Configuration;

/// <summary>The config files under Configuration/Fixtures, copied next to the test assembly.</summary>
internal static class Fixture
{
    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "Configuration", "Fixtures");

    public static string PathOf(string name) => Path.Combine(Directory, name);

    /// <summary>Loads a fixture with an environment that holds only <paramref name="environment"/>.</summary>
    public static ConfigDocument Load(string name, params (string Name, string Value)[] environment)
    {
        var variables = environment.ToDictionary(e => e.Name, e => e.Value);
        return ConfigFile.Load(PathOf(name), n => variables.GetValueOrDefault(n));
    }

    /// <summary>Parses text with an empty environment.</summary>
    public static ConfigMap Parse(string text, params (string Name, string Value)[] environment)
    {
        var variables = environment.ToDictionary(e => e.Name, e => e.Value);
        return ConfigFile.Parse(text, "test.conf", n => variables.GetValueOrDefault(n)).Root;
    }

    /// <summary>The message of the <see cref="ConfigException"/> that parsing <paramref name="text"/> throws.</summary>
    public static ConfigException ParseError(string text) =>
        Assert.Throws<ConfigException>(() => Parse(text));

    /// <summary>The <see cref="ConfigException"/> that parsing <paramref name="text"/> with an environment throws.</summary>
    public static ConfigException ParseErrorWith(string text, params (string Name, string Value)[] environment) =>
        Assert.Throws<ConfigException>(() => Parse(text, environment));
}

namespace WebBroker.Broker.Configuration;

/// <summary>State shared by a file and the files it includes while they are parsed.</summary>
internal sealed class ConfigParseSession(Func<string, string?> environment)
{
    public Func<string, string?> Environment { get; } = environment;

    /// <summary>Every file read, the main one first.</summary>
    public List<string> Files { get; } = [];

    /// <summary>The files being parsed, outermost first, to refuse include cycles.</summary>
    public List<string> OpenFiles { get; } = [];

    /// <summary>Environment variables being expanded, to refuse <c>A=$B</c>, <c>B=$A</c>.</summary>
    public HashSet<string> ExpandingVariables { get; } = new(StringComparer.Ordinal);
}

namespace WebBroker.Broker.Configuration;

internal enum ConfigTokenKind
{
    Key,
    String,
    /// <summary>Digits with an optional sign and size suffix, as written (<c>-1</c>, <c>64KB</c>).</summary>
    Integer,
    Float,
    Boolean,
    DateTime,
    /// <summary>A <c>$name</c> reference; the text is the name without the <c>$</c>.</summary>
    Variable,
    /// <summary><c>include path</c>; the text is the path.</summary>
    Include,
    ArrayStart,
    ArrayEnd,
    MapStart,
    MapEnd,
}

/// <summary>One token of a config file and where it starts (1-based line and column).</summary>
internal readonly record struct ConfigToken(ConfigTokenKind Kind, string Text, int Line, int Column);

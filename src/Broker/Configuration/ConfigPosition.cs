namespace WebBroker.Broker.Configuration;

/// <summary>
/// Where something was written in a config file. Line and column are 1-based (nats-server
/// counts columns from 0 on the first line and from 1 on the others; we count from 1 everywhere).
/// </summary>
public readonly record struct ConfigPosition(string File, int Line, int Column)
{
    /// <summary><c>file:line:column</c>, the form editors and compilers understand.</summary>
    public override string ToString() => $"{File}:{Line}:{Column}";
}

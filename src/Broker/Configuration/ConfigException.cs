namespace WebBroker.Broker.Configuration;

/// <summary>
/// A config file that cannot be read, parsed or applied. The message starts with
/// <c>file:line:column:</c> when the problem has a place; when several problems were found
/// (the binder reports them all, as nats-server does) the message holds one per line.
/// </summary>
public sealed class ConfigException : Exception
{
    public ConfigException(string message)
        : base(message)
    {
        Reason = message;
    }

    public ConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = message;
    }

    public ConfigException(ConfigPosition position, string reason)
        : base($"{position}: {reason}")
    {
        Position = position;
        Reason = reason;
    }

    internal ConfigException(IReadOnlyList<ConfigException> problems)
        : base(string.Join(Environment.NewLine, problems.Select(p => p.Message)))
    {
        Position = problems[0].Position;
        Reason = problems[0].Reason;
        Problems = problems;
    }

    /// <summary>Where the (first) problem is, when it has a place.</summary>
    public ConfigPosition? Position { get; }

    /// <summary>The message without the position.</summary>
    public string Reason { get; }

    /// <summary>Every problem found, when more than one was collected; otherwise empty.</summary>
    public IReadOnlyList<ConfigException> Problems { get; } = [];
}

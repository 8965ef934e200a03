namespace WebBroker.Broker.Configuration;

public enum ConfigWarningKind
{
    /// <summary>A key nats-server does not know either. nats-server refuses to start on these; we warn.</summary>
    UnknownField,

    /// <summary>A key nats-server knows that WebBroker does not apply yet; it is ignored.</summary>
    NotYetSupported,

    /// <summary>Accepted, but better written otherwise (nats-server warns about these too).</summary>
    Advice,
}

/// <summary>Something in a config file worth telling the operator, at the place it was written.</summary>
public sealed record ConfigWarning(ConfigPosition Position, string Message, ConfigWarningKind Kind)
{
    /// <summary><c>file:line:column: message</c>.</summary>
    public override string ToString() => $"{Position}: {Message}";
}

using System.Globalization;

namespace WebBroker.Broker.Configuration;

/// <summary>The kinds of value a nats-server config file can hold.</summary>
public enum ConfigValueKind
{
    String,
    /// <summary>A whole number, possibly written with a size suffix (<c>1MB</c>, <c>64k</c>).</summary>
    Integer,
    Float,
    /// <summary><c>true false yes no on off</c>, in any case, unquoted.</summary>
    Boolean,
    /// <summary>An unquoted ISO 8601 Zulu date-time, <c>2024-01-31T12:00:00Z</c>.</summary>
    DateTime,
    Array,
    Map,
}

/// <summary>
/// One value of a parsed config file, with the place it was written. Durations are not a kind
/// of their own, as in nats-server: they are strings (<c>"2m"</c>, <c>10s</c>) read with
/// <see cref="AsDuration"/>.
/// </summary>
public abstract class ConfigValue
{
    private protected ConfigValue(ConfigPosition position) => Position = position;

    public abstract ConfigValueKind Kind { get; }

    /// <summary>Where the value starts; for a value read through <c>$name</c>, where the reference is.</summary>
    public ConfigPosition Position { get; }

    /// <summary>
    /// True once a <c>$name</c> reference has read this value. nats-server does not report a key
    /// that served as a variable as an unknown field, and neither do we.
    /// </summary>
    public bool IsReferenced { get; internal set; }

    public string AsString() =>
        this is ConfigScalar { Kind: ConfigValueKind.String } s ? (string)s.Value : throw Mismatch("a string");

    public long AsInt64() =>
        this is ConfigScalar { Kind: ConfigValueKind.Integer } s ? (long)s.Value : throw Mismatch("an integer");

    /// <summary>A float, or an integer widened to one.</summary>
    public double AsDouble() => this switch
    {
        ConfigScalar { Kind: ConfigValueKind.Float } s => (double)s.Value,
        ConfigScalar { Kind: ConfigValueKind.Integer } s => (long)s.Value,
        _ => throw Mismatch("a number"),
    };

    public bool AsBoolean() =>
        this is ConfigScalar { Kind: ConfigValueKind.Boolean } s ? (bool)s.Value : throw Mismatch("a boolean");

    /// <summary>A date-time in UTC.</summary>
    public DateTime AsDateTime() =>
        this is ConfigScalar { Kind: ConfigValueKind.DateTime } s ? (DateTime)s.Value : throw Mismatch("a date-time");

    public ConfigMap AsMap() => this as ConfigMap ?? throw Mismatch("a map");

    public ConfigArray AsArray() => this as ConfigArray ?? throw Mismatch("an array");

    /// <summary>
    /// A string in Go's duration syntax, as nats-server reads durations: a sequence of numbers
    /// with units <c>ns us µs ms s m h</c> (<c>"1h30m"</c>, <c>"1.5s"</c>, <c>"-2m"</c>, <c>"0"</c>).
    /// </summary>
    public TimeSpan AsDuration()
    {
        var text = AsString();
        return GoDuration.TryParse(text, out var duration, out var error) ? duration : throw Error(error);
    }

    /// <summary>A <see cref="ConfigException"/> that points at this value.</summary>
    public ConfigException Error(string reason) => new(Position, reason);

    /// <summary>The value as written, for messages: <c>string "abc"</c>, <c>integer 1MB</c>, <c>map</c>.</summary>
    public abstract string Describe();

    /// <summary>A copy standing at another place, for a value read through a variable.</summary>
    internal abstract ConfigValue At(ConfigPosition position);

    private ConfigException Mismatch(string expected) => Error($"expected {expected}, got {Describe()}");

    private protected static string Quote(string text)
    {
        var builder = new System.Text.StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            _ = c switch
            {
                '"' => builder.Append("\\\""),
                '\\' => builder.Append("\\\\"),
                '\n' => builder.Append("\\n"),
                '\r' => builder.Append("\\r"),
                '\t' => builder.Append("\\t"),
                < ' ' => builder.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture)),
                _ => builder.Append(c),
            };
        }
        return builder.Append('"').ToString();
    }
}

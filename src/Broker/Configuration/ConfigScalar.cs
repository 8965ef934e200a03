namespace WebBroker.Broker.Configuration;

/// <summary>A string, integer, float, boolean or date-time.</summary>
public sealed class ConfigScalar : ConfigValue
{
    private readonly ConfigValueKind _kind;

    internal ConfigScalar(ConfigValueKind kind, object value, string text, ConfigPosition position)
        : base(position)
    {
        _kind = kind;
        Value = value;
        Text = text;
    }

    public override ConfigValueKind Kind => _kind;

    /// <summary>A <see cref="string"/>, <see cref="long"/>, <see cref="double"/>, <see cref="bool"/> or UTC <see cref="System.DateTime"/>.</summary>
    public object Value { get; }

    /// <summary>The value as written: <c>1MB</c> for the integer 1048576, <c>yes</c> for true; a string's text after escapes.</summary>
    public string Text { get; }

    public override string Describe() => _kind switch
    {
        ConfigValueKind.String => "string " + Quote(Text),
        ConfigValueKind.Integer => "integer " + Text,
        ConfigValueKind.Float => "float " + Text,
        ConfigValueKind.Boolean => "boolean " + Text,
        _ => "date-time " + Text,
    };

    public override string ToString() => _kind == ConfigValueKind.String ? Quote(Text) : Text;

    internal override ConfigValue At(ConfigPosition position) => new ConfigScalar(_kind, Value, Text, position);
}

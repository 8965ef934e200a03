using System.Collections;

namespace WebBroker.Broker.Configuration;

/// <summary>An array, <c>[a, b]</c> or one value per line.</summary>
public sealed class ConfigArray : ConfigValue, IReadOnlyList<ConfigValue>
{
    private readonly List<ConfigValue> _items;

    internal ConfigArray(ConfigPosition position)
        : this(position, [])
    {
    }

    private ConfigArray(ConfigPosition position, List<ConfigValue> items)
        : base(position) => _items = items;

    public override ConfigValueKind Kind => ConfigValueKind.Array;

    public int Count => _items.Count;

    public ConfigValue this[int index] => _items[index];

    public IEnumerator<ConfigValue> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string Describe() => "array";

    public override string ToString() => "[" + string.Join(", ", _items) + "]";

    internal void Add(ConfigValue value) => _items.Add(value);

    internal override ConfigValue At(ConfigPosition position) => new ConfigArray(position, [.. _items]);
}

using System.Collections;

namespace WebBroker.Broker.Configuration;

/// <summary>
/// A map, <c>{ key: value }</c>, or the top level of a file, in the order written.
/// Keys are stored as written and a key written again replaces the earlier entry (and moves to
/// the end). As in nats-server, <c>port</c> and <c>PORT</c> are different keys of the map and
/// different variables, while option names are matched ignoring case: the lookups here ignore
/// case and return the entry written last.
/// </summary>
public sealed class ConfigMap : ConfigValue, IReadOnlyList<ConfigEntry>
{
    private readonly List<ConfigEntry> _entries;

    internal ConfigMap(ConfigPosition position)
        : this(position, [])
    {
    }

    private ConfigMap(ConfigPosition position, List<ConfigEntry> entries)
        : base(position) => _entries = entries;

    public override ConfigValueKind Kind => ConfigValueKind.Map;

    public int Count => _entries.Count;

    public ConfigEntry this[int index] => _entries[index];

    /// <summary>The value of <paramref name="key"/>, ignoring case; throws when absent.</summary>
    public ConfigValue this[string key] =>
        TryGetEntry(key, out var entry) ? entry.Value : throw new KeyNotFoundException($"no key \"{key}\" in the map at {Position}");

    public IEnumerable<string> Keys => _entries.Select(e => e.Key);

    public bool ContainsKey(string key) => TryGetEntry(key, out _);

    public bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ConfigValue? value)
    {
        value = TryGetEntry(key, out var entry) ? entry.Value : null;
        return value is not null;
    }

    public bool TryGetEntry(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ConfigEntry? entry)
    {
        for (var i = _entries.Count - 1; i >= 0; i--)
        {
            if (string.Equals(_entries[i].Key, key, StringComparison.OrdinalIgnoreCase))
            {
                entry = _entries[i];
                return true;
            }
        }
        entry = null;
        return false;
    }

    public IEnumerator<ConfigEntry> GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string Describe() => "map";

    public override string ToString() => "{" + string.Join(", ", _entries.Select(e => $"{e.Key}: {e.Value}")) + "}";

    /// <summary>The exact-case lookup that <c>$name</c> references use.</summary>
    internal bool TryGetExact(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ConfigValue? value)
    {
        var index = _entries.FindIndex(e => e.Key == key);
        value = index >= 0 ? _entries[index].Value : null;
        return value is not null;
    }

    internal void Set(ConfigEntry entry)
    {
        var index = _entries.FindIndex(e => e.Key == entry.Key);
        if (index >= 0)
        {
            _entries.RemoveAt(index);
        }
        _entries.Add(entry);
    }

    internal override ConfigValue At(ConfigPosition position) => new ConfigMap(position, [.. _entries]);
}

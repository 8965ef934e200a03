namespace WebBroker.Broker.Configuration;

/// <summary>One <c>key: value</c> of a map, with the place the key was written.</summary>
public sealed record ConfigEntry(string Key, ConfigPosition KeyPosition, ConfigValue Value);

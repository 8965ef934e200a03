using System.Globalization;

namespace WebBroker.Broker.Configuration;

public static partial class ServerConfigBinder
{
    /// <summary>Subject <c>mappings</c>, at the top level or in an account.</summary>
    private sealed partial class Binding
    {
        /// <summary>mappings { "src.*": "dst.$1", "canary": [ { destination: v1, weight: 80% }, ... ] }</summary>
        private static IEnumerable<Subjects.MappingOptions> Mappings(ConfigValue value)
        {
            if (value is not ConfigMap map) throw value.Error("mappings must be a map");
            foreach (var entry in map)
            {
                var mapping = new Subjects.MappingOptions { Source = entry.Key };
                if (entry.Value is ConfigArray list)
                {
                    foreach (var item in list)
                    {
                        if (item is not ConfigMap d) throw item.Error("a weighted mapping is { destination, weight }");
                        var weight = d.TryGetValue("weight", out var w) ? Percent(w) : 100;
                        mapping.Destinations.Add(new Subjects.WeightedDestination
                        {
                            Subject = d.TryGetValue("destination", out var dest) ? dest.AsString() : throw item.Error("a weighted mapping needs 'destination'"),
                            Weight = weight,
                        });
                    }
                    if (mapping.Destinations.Sum(x => x.Weight) > 100) throw entry.Value.Error("mapping weights add up to more than 100%");
                }
                else
                {
                    mapping.Destinations.Add(new Subjects.WeightedDestination { Subject = entry.Value.AsString() });
                }
                yield return mapping;
            }
        }

        private static int Percent(ConfigValue value)
        {
            var text = value is ConfigScalar { Kind: ConfigValueKind.String } ? value.AsString().TrimEnd('%') : value.AsInt64().ToString(CultureInfo.InvariantCulture);
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 0 and <= 100
                ? n : throw value.Error($"invalid mapping weight {value.Describe()}");
        }
    }
}

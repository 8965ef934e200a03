using System.Text.Json.Nodes;
using WebBroker.Broker.JetStream.Api;

namespace WebBroker.Tests.JetStream.Api;

/// <summary>
/// Compares two JSON documents field by field: same names, same values, arrays in order, object members in any
/// order. A timestamp may lose the fraction digits past the seventh (a <see cref="DateTimeOffset"/> keeps 100 ns of
/// Go's nanoseconds) and nothing else; everything else must be identical, so a field we drop, add or rename is a difference.
/// </summary>
internal static class JsonEquivalence
{
    public static IReadOnlyList<string> Differences(string expected, string actual)
    {
        var differences = new List<string>();
        Compare(JsonNode.Parse(expected), JsonNode.Parse(actual), "$", differences);
        return differences;
    }

    public static void AssertEquivalent(string expected, string actual)
    {
        var differences = Differences(expected, actual);
        Assert.True(differences.Count == 0,
            $"JSON differs:\n  {string.Join("\n  ", differences)}\nnats-server: {expected}\nours:        {actual}");
    }

    private static void Compare(JsonNode? expected, JsonNode? actual, string path, List<string> differences)
    {
        switch (expected, actual)
        {
            case (null, null):
                return;
            case (JsonObject e, JsonObject a):
                foreach (var (name, value) in e)
                {
                    if (!a.ContainsKey(name)) differences.Add($"{path}.{name} missing (nats-server has {value?.ToJsonString() ?? "null"})");
                    else Compare(value, a[name], $"{path}.{name}", differences);
                }
                foreach (var (name, value) in a)
                    if (!e.ContainsKey(name)) differences.Add($"{path}.{name} extra ({value?.ToJsonString() ?? "null"})");
                return;
            case (JsonArray e, JsonArray a):
                if (e.Count != a.Count) differences.Add($"{path} has {a.Count} items, nats-server {e.Count}");
                for (var i = 0; i < Math.Min(e.Count, a.Count); i++) Compare(e[i], a[i], $"{path}[{i}]", differences);
                return;
            case (JsonValue e, JsonValue a):
                var expectedText = e.ToJsonString();
                var actualText = a.ToJsonString();
                if (expectedText == actualText || SameInstant(e, a)) return;
                differences.Add($"{path} is {actualText}, nats-server {expectedText}");
                return;
            default:
                differences.Add($"{path} is {actual?.ToJsonString() ?? "null"}, nats-server {expected?.ToJsonString() ?? "null"}");
                return;
        }
    }

    private static bool SameInstant(JsonValue expected, JsonValue actual)
    {
        if (!expected.TryGetValue<string>(out var e) || !actual.TryGetValue<string>(out var a)) return false;
        if (e.Length < 20 || e[4] != '-' || e[10] != 'T') return false;
        // Ours is Go's text with the fraction cut to seven digits (and Go's trailing-zero trimming after that).
        return e.EndsWith('Z') && a.EndsWith('Z') && a.Length < e.Length && e.StartsWith(a[..^1], StringComparison.Ordinal)
            && GoTimeConverter.Parse(e) == GoTimeConverter.Parse(a);
    }
}

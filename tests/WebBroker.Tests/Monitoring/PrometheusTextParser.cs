using System.Globalization;
using System.Text.RegularExpressions;

namespace WebBroker.Tests.Monitoring;

/// <summary>
/// A strict reader of the Prometheus text exposition format (0.0.4): every sample must belong to a
/// family declared by # HELP and # TYPE before it, names and labels must be well-formed, values must
/// parse. Anything else throws, so a test using it also checks the format.
/// </summary>
internal static partial class PrometheusTextParser
{
    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

    public static (IReadOnlyDictionary<string, string> Types, List<Sample> Samples) Parse(string text)
    {
        var types = new Dictionary<string, string>();
        var helped = new HashSet<string>();
        var samples = new List<Sample>();
        foreach (var raw in text.Split('\n'))
        {
            if (raw.Length == 0) continue;
            if (raw.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                var name = raw[7..].Split(' ', 2)[0];
                Check(MetricName().IsMatch(name), $"bad metric name in HELP: {raw}");
                helped.Add(name);
                continue;
            }
            if (raw.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = raw[7..].Split(' ');
                Check(parts.Length == 2 && parts[1] is "counter" or "gauge" or "histogram" or "summary" or "untyped", $"bad TYPE line: {raw}");
                Check(!types.ContainsKey(parts[0]), $"TYPE declared twice: {parts[0]}");
                types[parts[0]] = parts[1];
                continue;
            }
            Check(!raw.StartsWith('#'), $"unknown comment line: {raw}");
            var m = SampleLine().Match(raw);
            Check(m.Success, $"bad sample line: {raw}");
            var sampleName = m.Groups["name"].Value;
            Check(types.ContainsKey(sampleName) && helped.Contains(sampleName), $"sample before its HELP/TYPE: {sampleName}");
            var labels = new Dictionary<string, string>();
            foreach (Match l in Label().Matches(m.Groups["labels"].Value))
                Check(labels.TryAdd(l.Groups["key"].Value, Regex.Unescape(l.Groups["value"].Value)), $"label twice in {raw}");
            Check(double.TryParse(m.Groups["value"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value), $"bad value: {raw}");
            samples.Add(new Sample(sampleName, labels, value));
        }
        return (types, samples);
    }

    private static void Check(bool ok, string problem)
    {
        if (!ok) throw new FormatException(problem);
    }

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex MetricName();

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>([a-zA-Z_][a-zA-Z0-9_]*="(\\.|[^"\\])*",?)*)\})? (?<value>\S+)$""")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"(?<key>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<value>(\\.|[^""\\])*)""")]
    private static partial Regex Label();
}

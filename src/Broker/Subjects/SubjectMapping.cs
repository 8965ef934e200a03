using System.Text;

namespace WebBroker.Broker.Subjects;

/// <summary>One mapping of the config's <c>mappings {}</c>: a source subject (with wildcards) and its
/// destinations, each with a weight in percent (a lone destination weighs 100).</summary>
public sealed class MappingOptions
{
    public string Source { get; set; } = "";
    public List<WeightedDestination> Destinations { get; set; } = [];
}

public sealed class WeightedDestination
{
    public string Subject { get; set; } = "";
    public int Weight { get; set; } = 100;
}

/// <summary>
/// An account's subject mappings, applied to every published subject before routing: plain
/// renames, token reordering with <c>$n</c> / <c>{{wildcard(n)}}</c> (the n-th wildcard of the
/// source), and weighted splits for canaries (the weights not given keep the subject as it is).
/// </summary>
public sealed class SubjectMapper
{
    private readonly List<Mapping> _mappings;

    public SubjectMapper(IEnumerable<MappingOptions> mappings) =>
        _mappings = [.. mappings.Select(m => new Mapping(m))];

    /// <summary>The subject a message published on <paramref name="subject"/> goes to, or null when no mapping applies.</summary>
    public byte[]? Map(ReadOnlySpan<byte> subject)
    {
        foreach (var mapping in _mappings)
        {
            // Tested on the bytes first: a subject no mapping covers costs no allocation.
            if (!SubjectPattern.Matches(mapping.SourceText, subject)) continue;
            var tokens = Encoding.UTF8.GetString(subject).Split('.');
            if (!mapping.TryCapture(tokens, out var wildcards)) continue;
            var destination = mapping.Pick();
            return destination is null ? null : Encoding.UTF8.GetBytes(destination.Render(wildcards));
        }
        return null;
    }

    private sealed class Mapping
    {
        private readonly string[] _source;
        private readonly List<(Destination Destination, int UpTo)> _destinations = [];

        public string SourceText { get; }

        public Mapping(MappingOptions options)
        {
            SourceText = options.Source;
            _source = options.Source.Split('.');
            var total = 0;
            foreach (var d in options.Destinations)
            {
                total += d.Weight;
                _destinations.Add((new Destination(d.Subject), total));
            }
        }

        public bool TryCapture(string[] tokens, out List<string> wildcards)
        {
            wildcards = [];
            for (var i = 0; i < _source.Length; i++)
            {
                if (_source[i] == ">")
                {
                    if (i >= tokens.Length) return false;
                    wildcards.Add(string.Join('.', tokens[i..]));
                    return true;
                }
                if (i >= tokens.Length) return false;
                if (_source[i] == "*") wildcards.Add(tokens[i]);
                else if (_source[i] != tokens[i]) return false;
            }
            return tokens.Length == _source.Length;
        }

        /// <summary>A destination drawn by weight; null for the share no destination claims.</summary>
        public Destination? Pick()
        {
            if (_destinations.Count == 1 && _destinations[0].UpTo >= 100) return _destinations[0].Destination;
            var roll = Random.Shared.Next(100);
            foreach (var (destination, upTo) in _destinations)
                if (roll < upTo) return destination;
            return null;
        }
    }

    private sealed class Destination(string template)
    {
        private readonly string[] _tokens = template.Split('.');

        public string Render(List<string> wildcards) => string.Join('.', _tokens.Select(t => Substitute(t, wildcards)));

        private static string Substitute(string token, List<string> wildcards)
        {
            var index = token.StartsWith('$') && int.TryParse(token.AsSpan(1), out var n) ? n
                : token.StartsWith("{{wildcard(", StringComparison.Ordinal) && token.EndsWith(")}}", StringComparison.Ordinal)
                  && int.TryParse(token.AsSpan(11, token.Length - 14), out var m) ? m : 0;
            return index >= 1 && index <= wildcards.Count ? wildcards[index - 1] : token;
        }
    }
}

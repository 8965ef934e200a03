using System.Globalization;

namespace WebBroker.Broker.Configuration;

/// <summary>
/// Builds the tree of one config file from its tokens, as nats-server's <c>conf/parse.go</c>
/// does: converts numbers (size suffixes included), resolves <c>$variables</c>, and merges
/// included files.
/// <para>
/// Variables: <c>$name</c> is the value of the key <c>name</c> written earlier in the map being
/// built or in a map enclosing it (so a key inside a map is not visible outside it), matched
/// exactly, case included; failing that, the environment variable <c>name</c>, whose text is
/// parsed as a value (so <c>4222</c> is an integer and <c>1MB</c> a size). <c>$2a$...</c> is a
/// bcrypt hash, kept as a string.
/// </para>
/// <para>
/// Includes: <c>include path</c> reads the file relative to the directory of the including file
/// (an absolute path too, as Go's <c>filepath.Join</c> makes it relative there) and adds its
/// top-level keys to the map being built. The included file is parsed on its own: it cannot see
/// the variables of the including file, but the including file sees the keys it adds.
/// </para>
/// </summary>
internal sealed class ConfigParser
{
    /// <summary>The key an environment variable's text is parsed under, as nats-server does.</summary>
    private const string EnvironmentKey = "pk";

    private readonly string _file;
    private readonly List<ConfigToken> _tokens;
    private readonly ConfigParseSession _session;
    private readonly List<ConfigMap> _scopes = [];
    private int _next;

    private ConfigParser(string file, List<ConfigToken> tokens, ConfigParseSession session)
    {
        _file = file;
        _tokens = tokens;
        _session = session;
    }

    /// <summary>Parses the file at <paramref name="path"/> and every file it includes.</summary>
    public static ConfigMap ParseFile(string path, ConfigParseSession session, ConfigPosition? includedAt)
    {
        var fullPath = Path.GetFullPath(path);
        if (session.OpenFiles.Contains(fullPath, StringComparer.Ordinal))
        {
            var cycle = string.Join(" -> ", session.OpenFiles.SkipWhile(f => f != fullPath).Append(fullPath));
            throw Fail(includedAt, $"include cycle: {cycle}");
        }

        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw includedAt is { } at
                ? new ConfigException(at, $"error opening include file \"{path}\": {ex.Message}")
                : new ConfigException($"error opening config file: {ex.Message}", ex);
        }

        session.OpenFiles.Add(fullPath);
        session.Files.Add(path);
        try
        {
            return ParseText(text, path, session);
        }
        finally
        {
            session.OpenFiles.RemoveAt(session.OpenFiles.Count - 1);
        }
    }

    /// <summary>Parses <paramref name="text"/> as the content of the file <paramref name="file"/>.</summary>
    public static ConfigMap ParseText(string text, string file, ConfigParseSession session)
    {
        var parser = new ConfigParser(file, ConfigLexer.Tokenize(text, file), session);
        var root = new ConfigMap(new ConfigPosition(file, 1, 1));
        parser._scopes.Add(root);
        parser.ParseEntries(root, closedBy: null);
        return root;
    }

    /// <summary>Keys and includes up to the end of the map (or of the file).</summary>
    private void ParseEntries(ConfigMap map, ConfigTokenKind? closedBy)
    {
        while (_next < _tokens.Count)
        {
            var token = _tokens[_next++];
            if (token.Kind == closedBy)
            {
                return;
            }
            switch (token.Kind)
            {
                case ConfigTokenKind.Key:
                    var value = ParseValue(_tokens[_next++]);
                    map.Set(new ConfigEntry(token.Text, PositionOf(token), value));
                    break;
                case ConfigTokenKind.Include:
                    Include(map, token);
                    break;
                default:
                    throw new ConfigException(PositionOf(token), $"unexpected {token.Kind} token \"{token.Text}\"");
            }
        }
    }

    private ConfigValue ParseValue(ConfigToken token)
    {
        var position = PositionOf(token);
        switch (token.Kind)
        {
            case ConfigTokenKind.String:
                return new ConfigScalar(ConfigValueKind.String, token.Text, token.Text, position);
            case ConfigTokenKind.Integer:
                return new ConfigScalar(ConfigValueKind.Integer, ParseInteger(token.Text, position), token.Text, position);
            case ConfigTokenKind.Float:
                var number = double.Parse(token.Text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
                if (double.IsInfinity(number))
                {
                    throw new ConfigException(position, $"float '{token.Text}' is out of range");
                }
                return new ConfigScalar(ConfigValueKind.Float, number, token.Text, position);
            case ConfigTokenKind.Boolean:
                var flag = token.Text.ToLowerInvariant() is "true" or "yes" or "on";
                return new ConfigScalar(ConfigValueKind.Boolean, flag, token.Text, position);
            case ConfigTokenKind.DateTime:
                if (!DateTime.TryParseExact(token.Text, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture,
                        DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var dateTime))
                {
                    throw new ConfigException(position, $"expected a Zulu date-time, but got '{token.Text}'");
                }
                return new ConfigScalar(ConfigValueKind.DateTime, dateTime, token.Text, position);
            case ConfigTokenKind.Variable:
                return Resolve(token.Text, position);
            case ConfigTokenKind.ArrayStart:
                var array = new ConfigArray(position);
                while (_tokens[_next].Kind != ConfigTokenKind.ArrayEnd)
                {
                    array.Add(ParseValue(_tokens[_next++]));
                }
                _next++;
                return array;
            case ConfigTokenKind.MapStart:
                var map = new ConfigMap(position);
                _scopes.Add(map);
                ParseEntries(map, ConfigTokenKind.MapEnd);
                _scopes.RemoveAt(_scopes.Count - 1);
                return map;
            default:
                throw new ConfigException(position, $"unexpected {token.Kind} token \"{token.Text}\", expected a value");
        }
    }

    private static long ParseInteger(string text, ConfigPosition position)
    {
        var digits = text.Length;
        for (var i = 0; i < text.Length; i++)
        {
            if (!char.IsAsciiDigit(text[i]) && text[i] != '-')
            {
                digits = i;
                break;
            }
        }
        if (!long.TryParse(text.AsSpan(0, digits), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            throw new ConfigException(position, $"integer '{text}' is out of range");
        }

        // k, m, g, t, p, e count in thousands; kb, ki, kib (and so on) in 1024s.
        var suffix = text[digits..].ToLowerInvariant();
        var (powerOf, times) = suffix switch
        {
            "" => (1L, 0),
            "k" => (1000L, 1),
            "m" => (1000L, 2),
            "g" => (1000L, 3),
            "t" => (1000L, 4),
            "p" => (1000L, 5),
            "e" => (1000L, 6),
            "kb" or "ki" or "kib" => (1024L, 1),
            "mb" or "mi" or "mib" => (1024L, 2),
            "gb" or "gi" or "gib" => (1024L, 3),
            "tb" or "ti" or "tib" => (1024L, 4),
            "pb" or "pi" or "pib" => (1024L, 5),
            "eb" or "ei" or "eib" => (1024L, 6),
            _ => throw new ConfigException(position,
                $"'{text}' has an unknown size suffix; use k, m, g, t, p, e (powers of 1000) or kb, ki, kib, mb, ... (powers of 1024)"),
        };
        try
        {
            for (var i = 0; i < times; i++)
            {
                number = checked(number * powerOf);
            }
        }
        catch (OverflowException)
        {
            throw new ConfigException(position, $"integer '{text}' is out of range");
        }
        return number;
    }

    private ConfigValue Resolve(string name, ConfigPosition position)
    {
        if (name.StartsWith("2a$", StringComparison.Ordinal))
        {
            // A bcrypt hash such as $2a$11$..., written without quotes.
            var hash = "$" + name;
            return new ConfigScalar(ConfigValueKind.String, hash, hash, position);
        }

        for (var i = _scopes.Count - 1; i >= 0; i--)
        {
            if (_scopes[i].TryGetExact(name, out var found))
            {
                found.IsReferenced = true;
                return found.At(position);
            }
        }

        if (_session.ExpandingVariables.Contains(name))
        {
            throw new ConfigException(position, $"variable reference cycle for '{name}'");
        }
        var text = _session.Environment(name)
            ?? throw new ConfigException(position, $"variable reference for '{name}' can not be found");

        _session.ExpandingVariables.Add(name);
        try
        {
            var parsed = ParseText($"{EnvironmentKey}={text}", $"${name}", _session);
            if (!parsed.TryGetExact(EnvironmentKey, out var value))
            {
                throw new ConfigException(position, $"variable reference for '{name}' could not be parsed: no value");
            }
            return value.At(position);
        }
        catch (ConfigException ex) when (ex.Position?.File == $"${name}")
        {
            throw new ConfigException(position, $"variable reference for '{name}' could not be parsed: {ex.Reason}");
        }
        finally
        {
            _session.ExpandingVariables.Remove(name);
        }
    }

    private void Include(ConfigMap map, ConfigToken token)
    {
        var position = PositionOf(token);
        if (token.Text.Length == 0)
        {
            throw new ConfigException(position, "include needs the path of a file");
        }

        var path = JoinPath(Path.GetDirectoryName(_file) ?? "", token.Text);

        foreach (var entry in ParseFile(path, _session, position))
        {
            map.Set(entry);
        }
    }

    /// <summary>
    /// Go's <c>filepath.Join</c>, which nats-server uses for includes: the path is taken relative
    /// to the directory even when it starts with '/', and the result is cleaned of <c>.</c> and
    /// <c>dir/..</c> (so messages show <c>conf/limits.conf</c>, not <c>conf/./limits.conf</c>).
    /// </summary>
    internal static string JoinPath(string directory, string path)
    {
        var separator = Path.DirectorySeparatorChar;
        var rooted = directory.StartsWith('/') || directory.StartsWith(separator);
        var parts = new List<string>();
        foreach (var part in $"{directory}/{path}".Split(['/', separator], StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".")
            {
                continue;
            }
            if (part == ".." && parts.Count > 0 && parts[^1] != "..")
            {
                parts.RemoveAt(parts.Count - 1);
            }
            else if (part != ".." || !rooted)
            {
                parts.Add(part);
            }
        }
        var joined = string.Join(separator, parts);
        return rooted ? separator + joined : joined.Length == 0 ? "." : joined;
    }

    private ConfigPosition PositionOf(ConfigToken token) => new(_file, token.Line, token.Column);

    private static ConfigException Fail(ConfigPosition? position, string reason) =>
        position is { } at ? new ConfigException(at, reason) : new ConfigException(reason);
}

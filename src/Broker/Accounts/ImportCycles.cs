namespace WebBroker.Broker.Accounts;

/// <summary>
/// nats-server's refusal of imports that lead back to where they start (A imports a service from B that B
/// imports from A): each import is checked against those added before it, following the exporter's own
/// imports of colliding subjects; the import that closes the circle is the one refused.
/// </summary>
internal sealed class ImportCycles
{
    private const int MaxSearchDepth = 1024;

    private readonly Dictionary<string, List<(string From, string To, string Account)>> _services = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<(string To, string Account)>> _streams = new(StringComparer.Ordinal);
    private readonly Func<string, IEnumerable<string>> _streamExports;

    /// <param name="streamExports">The subjects of an account's stream exports.</param>
    public ImportCycles(Func<string, IEnumerable<string>> streamExports) => _streamExports = streamExports;

    /// <summary>Adds a service import of <paramref name="importer"/> (local subject <paramref name="from"/>, the
    /// exporter's <paramref name="to"/>); false, adding nothing, when it would close a cycle.</summary>
    public bool AddService(string importer, string exporter, string from, string to)
    {
        if (ServiceCycle(exporter, from, [importer])) return false;
        Of(_services, importer).Add((from, to, exporter));
        return true;
    }

    /// <summary>Adds a stream import of <paramref name="importer"/> arriving under <paramref name="to"/>; false when it would close a cycle.</summary>
    public bool AddStream(string importer, string exporter, string to)
    {
        if (StreamCycle(exporter, to, [importer])) return false;
        Of(_streams, importer).Add((to, exporter));
        return true;
    }

    private bool ServiceCycle(string account, string from, HashSet<string> visited)
    {
        if (visited.Count >= MaxSearchDepth) return true;
        foreach (var import in Of(_services, account))
        {
            if (!Collide(from, import.To)) continue;
            if (visited.Contains(import.Account)) return true;
            visited.Add(account);
            if (IsSubset(import.From, from)) from = import.From;
            if (ServiceCycle(import.Account, from, visited)) return true;
        }
        return false;
    }

    private bool StreamCycle(string account, string to, HashSet<string> visited)
    {
        if (visited.Count >= MaxSearchDepth) return true;
        if (!_streamExports(account).Any(export => IsSubset(to, export))) return false;
        foreach (var import in Of(_streams, account))
        {
            if (!Collide(to, import.To)) continue;
            if (visited.Contains(import.Account)) return true;
            visited.Add(account);
            if (IsSubset(import.To, to)) to = import.To;
            if (StreamCycle(import.Account, to, visited)) return true;
        }
        return false;
    }

    private static List<T> Of<T>(Dictionary<string, List<T>> map, string account) =>
        map.TryGetValue(account, out var list) ? list : map[account] = [];

    /// <summary>Whether some subject matches both patterns.</summary>
    private static bool Collide(string a, string b) => ImportTransform.Intersect(a.Split('.'), b.Split('.')) is not null;

    /// <summary>Whether every subject <paramref name="a"/> matches, <paramref name="b"/> matches too.</summary>
    private static bool IsSubset(string a, string b) =>
        ImportTransform.Intersect(a.Split('.'), b.Split('.')) is { } both && both.SequenceEqual(a.Split('.'));
}

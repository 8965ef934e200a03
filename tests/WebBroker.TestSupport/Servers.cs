namespace WebBroker.TestSupport;

/// <summary>Theory data: which servers to run against, optionally crossed with per-case arguments.</summary>
public static class Servers
{
    /// <summary>Both servers, always: a run that cannot find WebBroker fails instead of testing less.</summary>
    public static IReadOnlyList<ServerKind> Kinds => [ServerKind.NatsServer, ServerKind.WebBroker];

    /// <summary>Every server kind: <c>[MemberData(nameof(Servers.All), MemberType = typeof(Servers))]</c>.</summary>
    public static TheoryData<ServerKind> All
    {
        get
        {
            var data = new TheoryData<ServerKind>();
            foreach (var kind in Kinds) data.Add(kind);
            return data;
        }
    }

    /// <summary>Every server kind crossed with every case.</summary>
    public static TheoryData<ServerKind, T> Cross<T>(params T[] cases)
    {
        var data = new TheoryData<ServerKind, T>();
        foreach (var kind in Kinds)
            foreach (var c in cases)
                data.Add(kind, c);
        return data;
    }
}

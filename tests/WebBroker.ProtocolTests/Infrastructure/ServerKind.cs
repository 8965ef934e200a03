namespace WebBroker.ProtocolTests.Infrastructure;

/// <summary>The servers every protocol test runs against. The same test code drives both.</summary>
public enum ServerKind
{
    /// <summary>Debian's real nats-server, the reference: a test that fails here is a wrong test.</summary>
    NatsServer,

    /// <summary>WebBroker, started as <c>dotnet $WEBBROKER_DLL</c>; only when that variable is set.</summary>
    WebBroker,
}

/// <summary>Theory data: which servers to run against, optionally crossed with per-case arguments.</summary>
public static class Servers
{
    public const string WebBrokerDllVariable = "WEBBROKER_DLL";

    public static string? WebBrokerDll =>
        Environment.GetEnvironmentVariable(WebBrokerDllVariable) is { Length: > 0 } path ? path : null;

    public static IReadOnlyList<ServerKind> Kinds =>
        WebBrokerDll is null ? [ServerKind.NatsServer] : [ServerKind.NatsServer, ServerKind.WebBroker];

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

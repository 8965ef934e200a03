namespace WebBroker.ProtocolTests.Infrastructure;

/// <summary>The servers every protocol test runs against. The same test code drives both.</summary>
public enum ServerKind
{
    /// <summary>Debian's real nats-server, the reference: a test that fails here is a wrong test.</summary>
    NatsServer,

    /// <summary>WebBroker, started as <c>dotnet WebBroker.Web.dll</c> (<see cref="Servers.WebBrokerDll"/>).</summary>
    WebBroker,
}

/// <summary>Theory data: which servers to run against, optionally crossed with per-case arguments.</summary>
public static class Servers
{
    public const string WebBrokerDllVariable = "WEBBROKER_DLL";

    private static readonly Lazy<string> Dll = new(FindWebBrokerDll);

    /// <summary>The WebBroker build to test: <c>$WEBBROKER_DLL</c>, else src/Web's build output of this test
    /// build's configuration. Missing, it throws: every test against WebBroker fails rather than being left out.</summary>
    public static string WebBrokerDll => Dll.Value;

    /// <summary>Both servers, always: a run that cannot find WebBroker fails instead of testing less.</summary>
    public static IReadOnlyList<ServerKind> Kinds => [ServerKind.NatsServer, ServerKind.WebBroker];

    private static string FindWebBrokerDll()
    {
        if (Environment.GetEnvironmentVariable(WebBrokerDllVariable) is { Length: > 0 } path)
        {
            return File.Exists(path) ? path : throw new FileNotFoundException($"{WebBrokerDllVariable}={path}: no such file");
        }
        // This assembly sits in tests/WebBroker.ProtocolTests/bin/<configuration>/<framework>/.
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var (framework, configuration) = (output.Name, output.Parent?.Name);
        for (var dir = output; dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "WebBroker.sln"))) continue;
            var built = Path.Combine(dir.FullName, "src", "Web", "bin", configuration ?? "", framework, "WebBroker.Web.dll");
            return File.Exists(built) ? built : throw new FileNotFoundException(
                $"WebBroker is not built ({built} is missing): build src/Web in {configuration}, or set {WebBrokerDllVariable}.");
        }
        throw new FileNotFoundException($"Set {WebBrokerDllVariable}: no WebBroker.sln above {output.FullName} to find the build in.");
    }

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

namespace WebBroker.TestSupport;

/// <summary>WebBroker as <c>dotnet WebBroker.Web.dll</c>: <c>$WEBBROKER_DLL</c>, else src/Web's build output of the
/// running test build's configuration and framework.</summary>
public sealed class WebBrokerLauncher : ServerLauncher
{
    public const string DllVariable = "WEBBROKER_DLL";

    private static readonly Lazy<string> Dll = new(FindDll);

    public override ServerKind Kind => ServerKind.WebBroker;
    public override string FileName => "dotnet";
    public override IReadOnlyList<string> Prefix => [DllPath];

    /// <summary>The WebBroker build to test. Missing, it throws: every test against WebBroker fails rather than
    /// being left out.</summary>
    public static string DllPath => Dll.Value;

    private static string FindDll()
    {
        if (Environment.GetEnvironmentVariable(DllVariable) is { Length: > 0 } path)
        {
            return File.Exists(path) ? path : throw new FileNotFoundException($"{DllVariable}={path}: no such file");
        }
        // The test assembly (and this one beside it) sits in tests/<project>/bin/<configuration>/<framework>/.
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var (framework, configuration) = (output.Name, output.Parent?.Name);
        for (var dir = output; dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "WebBroker.sln"))) continue;
            var built = Path.Combine(dir.FullName, "src", "Web", "bin", configuration ?? "", framework, "WebBroker.Web.dll");
            return File.Exists(built) ? built : throw new FileNotFoundException(
                $"WebBroker is not built ({built} is missing): build src/Web in {configuration}, or set {DllVariable}.");
        }
        throw new FileNotFoundException($"Set {DllVariable}: no WebBroker.sln above {output.FullName} to find the build in.");
    }
}

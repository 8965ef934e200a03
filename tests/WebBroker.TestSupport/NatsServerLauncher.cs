namespace WebBroker.TestSupport;

/// <summary>Debian's nats-server, looked for on PATH and in /usr/sbin (where Debian puts it).</summary>
public sealed class NatsServerLauncher : ServerLauncher
{
    private static readonly Lazy<string> Executable = new(Find);

    public override ServerKind Kind => ServerKind.NatsServer;
    public override string FileName => Executable.Value;
    public override IReadOnlyList<string> Prefix => [];

    private static string Find()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/sbin")
            .Select(dir => Path.Combine(dir, "nats-server"))
            .FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException(
                "nats-server is not installed (looked on PATH and in /usr/sbin). The tests use it as the reference " +
                "server: install Debian's package (apt-get install nats-server; ./test.sh does).");
    }
}

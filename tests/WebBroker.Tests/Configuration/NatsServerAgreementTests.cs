using WebBroker.Broker.Configuration;
using WebBroker.Broker.Server;

namespace WebBroker.Tests.Configuration;

/// <summary>
/// Runs the real nats-server (Debian's 2.9.10, when installed) with <c>-c FILE -t</c> over the
/// fixtures and checks that it accepts and rejects the same files we do, and reports unknown
/// fields at the same places. nats-server is looked for on the PATH and in /usr/sbin (where Debian puts it;
/// WebBroker.TestSupport's launcher); without it these tests fail: they never pass by checking only our side.
/// </summary>
public class NatsServerAgreementTests
{
    private static async Task<(int ExitCode, string Output)> CheckWithNatsServerAsync(string name, params (string Name, string Value)[] environment)
    {
        using var directory = new TempDirectory();
        var (exitCode, output) = await ServerLauncher.NatsServer.RunToExitAsync(directory.Path, ["-c", Fixture.PathOf(name), "-t"],
            TimeSpan.FromSeconds(20), environment.ToDictionary(e => e.Name, e => e.Value));
        return (exitCode, output);
    }

    /// <summary>The "file:line:col: ..." lines nats-server printed, without its "nats-server: " prefix.</summary>
    private static HashSet<string> ReportedLines(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.StartsWith("nats-server: ", StringComparison.Ordinal) ? l["nats-server: ".Length..] : l)
            .ToHashSet();

    [Theory]
    [InlineData("server.conf")]
    [InlineData("json.conf")]
    public async Task Valid_fixtures_are_accepted_by_both(string name)
    {
        Assert.Empty(ServerConfigBinder.Apply(Fixture.Load(name), new ServerOptions()));
        var (exitCode, output) = await CheckWithNatsServerAsync(name);
        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public async Task The_env_fixture_is_accepted_by_both_with_the_same_environment()
    {
        (string, string)[] environment = [("WB_TEST_PORT", "4555"), ("WB_TEST_PAYLOAD", "1MB")];
        Assert.Empty(ServerConfigBinder.Apply(Fixture.Load("env.conf", environment), new ServerOptions()));
        var (exitCode, output) = await CheckWithNatsServerAsync("env.conf", environment);
        Assert.True(exitCode == 0, output);
    }

    [Theory]
    [InlineData("invalid/unclosed-map.conf")]
    [InlineData("invalid/bad-escape.conf")]
    [InlineData("invalid/undefined-variable.conf")]
    [InlineData("invalid/missing-include.conf")]
    [InlineData("invalid/bad-value.conf")]
    [InlineData("invalid/bad-duration.conf")]
    [InlineData("invalid/too-big.conf")]
    [InlineData("invalid/short-lame-duck.conf")]
    public async Task Invalid_fixtures_are_rejected_by_both(string name)
    {
        Assert.Throws<ConfigException>(() => ServerConfigBinder.Apply(Fixture.Load(name), new ServerOptions()));
        var (exitCode, output) = await CheckWithNatsServerAsync(name);
        Assert.True(exitCode != 0, output);
    }

    [Theory]
    [InlineData("invalid/unknown-field.conf")]
    [InlineData("warnings.conf")]
    [InlineData("syntax.conf")]
    public async Task Unknown_fields_and_advice_are_reported_at_the_same_places(string name)
    {
        // nats-server refuses unknown fields; we warn. Both must name the same file:line:column.
        var ours = ServerConfigBinder.Apply(Fixture.Load(name), new ServerOptions())
            .Where(w => w.Kind is ConfigWarningKind.UnknownField or ConfigWarningKind.Advice)
            .Select(w => w.ToString())
            .ToHashSet();
        Assert.NotEmpty(ours);
        var (exitCode, output) = await CheckWithNatsServerAsync(name);
        Assert.True(exitCode != 0, output);
        Assert.Equal(ours.Order(), ReportedLines(output).Order());
    }
}

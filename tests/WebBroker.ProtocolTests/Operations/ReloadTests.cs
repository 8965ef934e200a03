namespace WebBroker.ProtocolTests;

/// <summary>
/// Configuration reload (SIGHUP, or <c>--signal reload=PIDFILE</c>): reloadable options change
/// without dropping anyone, and an invalid file is refused while the server runs on unchanged.
/// </summary>
public sealed class ReloadTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);

    private static string Config(int maxPayload) => $"""
        max_payload: {maxPayload}
        pid_file: "server.pid"
        """;

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task A_reload_keeps_subscribers_receiving_and_a_new_max_payload_applies_to_new_connections(ServerKind kind)
    {
        await using var server = await ServerProcess.StartAsync(kind, Config(1024));
        await using var subscriber = await server.ConnectReadyAsync();
        await subscriber.SendAsync("SUB news 1\r\nPING\r\n");
        await subscriber.ExpectLineAsync("PONG");

        await server.ReloadAsync(Config(2048), Bound);

        await using var publisher = await server.ConnectReadyAsync();
        Assert.Equal(2048, publisher.Info.GetProperty("max_payload").GetInt32());
        var big = new string('p', 1500); // over the old limit, under the new one
        await publisher.SendAsync($"PUB news {big.Length}\r\n{big}\r\nPING\r\n");
        await publisher.ExpectLineAsync("PONG");
        await subscriber.ExpectMsgAsync("news", "1", big);
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task A_reload_applies_new_users_and_limits_to_new_connections(ServerKind kind)
    {
        await using var server = await ServerProcess.StartAsync(kind, Config(1024));
        await server.ReloadAsync(Config(1024) + "\n" + """
            authorization { user: u, password: p }
            max_control_line: 64
            """, Bound);

        await using var anonymous = await server.ConnectAsync();
        Assert.True(anonymous.Info.GetProperty("auth_required").GetBoolean());
        await anonymous.SendAsync("CONNECT {\"verbose\":false,\"pedantic\":false}\r\nPING\r\n");
        await anonymous.ExpectErrorAndCloseAsync("Authorization Violation");

        await using var user = await server.ConnectReadyAsync("""{"verbose":false,"pedantic":false,"user":"u","pass":"p"}""");
        await user.SendAsync($"SUB {new string('s', 100)} 1\r\n");
        await user.ExpectErrorAndCloseAsync("maximum control line exceeded");
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task An_invalid_file_is_refused_on_reload_and_the_server_runs_on_unchanged(ServerKind kind)
    {
        await using var server = await ServerProcess.StartAsync(kind, Config(1024));
        await using var client = await server.ConnectReadyAsync();

        await ConfigFiles.WriteAsync(server.WorkDirectory, "max_payload: {{{ not a config\n");
        var mark = server.OutputMark;
        server.Signal(PosixSignal.Hangup);
        await server.WaitForOutputAsync("Failed to reload server configuration", mark, Bound);

        await client.ExpectOpenAsync();
        await using var later = await server.ConnectReadyAsync();
        Assert.Equal(1024, later.Info.GetProperty("max_payload").GetInt32());
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task The_signal_flag_reaches_the_running_server_through_its_pid_file(ServerKind kind)
    {
        await using var server = await ServerProcess.StartAsync(kind, Config(1024));
        var pidFile = Path.Combine(server.WorkDirectory, "server.pid");
        Assert.True(File.Exists(pidFile), "the server wrote no pid file");

        var mark = server.OutputMark;
        Assert.Equal(0, await RunAsync(kind, $"reload={pidFile}"));
        await server.WaitForOutputAsync("Reloaded server configuration", mark, Bound);
    }

    /// <summary>Runs "&lt;server&gt; --signal ARG" as its own process and returns its exit code.</summary>
    internal static async Task<int> RunAsync(ServerKind kind, string signalArgument)
    {
        using var directory = new TempDirectory();
        return (await ServerLauncher.For(kind).RunToExitAsync(directory.Path, ["--signal", signalArgument], Bound)).ExitCode;
    }
}

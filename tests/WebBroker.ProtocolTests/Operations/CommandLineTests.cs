using System.Diagnostics;

namespace WebBroker.ProtocolTests;

/// <summary>
/// nats-server's command-line flags, each checked against both servers: -t (check the config and exit),
/// -P (pid file), -l (log file), -V (protocol trace) and --signal quit|stop|term|reopen.
/// </summary>
public sealed class CommandLineTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    /// <summary>Runs the server with <paramref name="arguments"/> to completion (bounded); returns its exit code and output.</summary>
    private static async Task<(int ExitCode, string Output)> RunToExitAsync(ServerKind kind, string directory, params string[] arguments)
    {
        var (exitCode, output) = await ServerLauncher.For(kind).RunToExitAsync(directory, arguments, Bound);
        return (exitCode, output);
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task Dash_t_accepts_a_valid_file_and_refuses_an_invalid_one_without_starting(ServerKind kind)
    {
        using var directory = new TempDirectory();
        await ConfigFiles.WriteAsync(directory.Path, "port: -1\nmax_payload: 2KB\n", "good.conf");
        await ConfigFiles.WriteAsync(directory.Path, "port: -1\nmax_payload: {{{\n", "bad.conf");
        var good = await RunToExitAsync(kind, directory.Path, "-c", "good.conf", "-t");
        Assert.True(good.ExitCode == 0, good.Output);
        Assert.DoesNotContain("Listening for client connections", good.Output);
        var bad = await RunToExitAsync(kind, directory.Path, "-c", "bad.conf", "-t");
        Assert.True(bad.ExitCode != 0, bad.Output);
        Assert.DoesNotContain("Listening for client connections", bad.Output);
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task Dash_P_writes_the_process_id_to_the_pid_file(ServerKind kind)
    {
        await using var server = await ServerProcess.StartAsync(kind, extraArguments: ["-P", "server.pid"]);
        var pid = await File.ReadAllTextAsync(Path.Combine(server.WorkDirectory, "server.pid"));
        Assert.Equal(server.Pid.ToString(), pid.Trim());
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task Dash_V_traces_the_protocol_both_ways(ServerKind kind)
    {
        await using var server = await ServerProcess.StartAsync(kind, extraArguments: ["-V"]);
        var mark = server.OutputMark;
        await using var client = await server.ConnectReadyAsync();
        await client.SendAsync("SUB traced 1\r\nPUB traced 2\r\nhi\r\nPING\r\n");
        await client.ExpectMsgAsync("traced", "1", "hi");
        await server.WaitForOutputAsync("<<- [PING]", mark, Bound);
        await server.WaitForOutputAsync("<<- [SUB traced 1]", mark, Bound);
        await server.WaitForOutputAsync("->> [MSG traced 1 2]", mark, Bound);
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task Dash_l_logs_to_the_file_and_reopen_starts_a_new_one_after_a_rotation(ServerKind kind)
    {
        using var directory = new TempDirectory();
        // Logging to a file, the server prints nothing to follow: this one is started by hand and watched through the file.
        using var process = Process.Start(ServerLauncher.For(kind).StartInfo(directory.Path,
            ["-a", "127.0.0.1", "-p", "-1", "-l", "server.log", "-P", "server.pid"]))!;
        try
        {
            var log = directory["server.log"];
            await FileLines.WaitForAsync(log, "Listening for client connections", Bound);

            // Rotated away: --signal reopen makes the server write to a new file by the same name.
            File.Move(log, log + ".1");
            Assert.Equal(0, (await RunToExitAsync(kind, directory.Path, "--signal", $"reopen={directory["server.pid"]}")).ExitCode);
            await FileLines.WaitForAsync(log, "File log re-opened", Bound);
            Assert.False(process.HasExited, "reopen ended the server");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task Reopen_without_a_log_file_is_ignored_and_the_server_runs_on(ServerKind kind)
    {
        await using var server = await ServerProcess.StartAsync(kind, extraArguments: ["-P", "server.pid"]);
        var mark = server.OutputMark;
        Assert.Equal(0, (await RunToExitAsync(kind, server.WorkDirectory, "--signal", $"reopen={Path.Combine(server.WorkDirectory, "server.pid")}")).ExitCode);
        await server.WaitForOutputAsync("File log re-open ignored, not a file logger", mark, Bound);
        await using var client = await server.ConnectReadyAsync();
        Assert.False(server.HasExited);
    }

    public static TheoryData<ServerKind, string> Stops => Servers.Cross("quit", "stop", "term");

    [Theory]
    [MemberData(nameof(Stops))]
    public async Task Signal_quit_stop_and_term_end_the_server(ServerKind kind, string signal)
    {
        await using var server = await ServerProcess.StartAsync(kind, extraArguments: ["-P", "server.pid"]);
        await using var client = await server.ConnectReadyAsync();
        Assert.Equal(0, (await RunToExitAsync(kind, server.WorkDirectory, "--signal", $"{signal}={Path.Combine(server.WorkDirectory, "server.pid")}")).ExitCode);
        await server.WaitForExitAsync(Bound);
        await client.ExpectClosedAsync();
    }
}

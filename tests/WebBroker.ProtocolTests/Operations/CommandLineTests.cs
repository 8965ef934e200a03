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
        var (fileName, prefix) = ServerProcess.CommandOf(kind);
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory };
        foreach (var a in prefix.Concat(arguments)) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        using var cts = new CancellationTokenSource(Bound);
        var stdout = process.StandardOutput.ReadToEndAsync(cts.Token);
        var stderr = process.StandardError.ReadToEndAsync(cts.Token);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{kind} {string.Join(' ', arguments)} did not exit within {Bound}");
        }
        return (process.ExitCode, await stdout + await stderr);
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task Dash_t_accepts_a_valid_file_and_refuses_an_invalid_one_without_starting(ServerKind kind)
    {
        var directory = Directory.CreateTempSubdirectory("webbroker-cli-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(directory, "good.conf"), "port: -1\nmax_payload: 2KB\n");
            await File.WriteAllTextAsync(Path.Combine(directory, "bad.conf"), "port: -1\nmax_payload: {{{\n");
            var good = await RunToExitAsync(kind, directory, "-c", "good.conf", "-t");
            Assert.True(good.ExitCode == 0, good.Output);
            Assert.DoesNotContain("Listening for client connections", good.Output);
            var bad = await RunToExitAsync(kind, directory, "-c", "bad.conf", "-t");
            Assert.True(bad.ExitCode != 0, bad.Output);
            Assert.DoesNotContain("Listening for client connections", bad.Output);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
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
        var directory = Directory.CreateTempSubdirectory("webbroker-cli-").FullName;
        var (fileName, prefix) = ServerProcess.CommandOf(kind);
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory };
        foreach (var a in prefix.Concat(["-a", "127.0.0.1", "-p", "-1", "-l", "server.log", "-P", "server.pid"])) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        try
        {
            var log = Path.Combine(directory, "server.log");
            await WaitForFileLineAsync(log, "Listening for client connections");

            // Rotated away: --signal reopen makes the server write to a new file by the same name.
            File.Move(log, log + ".1");
            Assert.Equal(0, (await RunToExitAsync(kind, directory, "--signal", $"reopen={Path.Combine(directory, "server.pid")}")).ExitCode);
            await WaitForFileLineAsync(log, "File log re-opened");
            Assert.False(process.HasExited, "reopen ended the server");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Directory.Delete(directory, recursive: true);
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

    /// <summary>Waits (bounded) until <paramref name="path"/> exists and has a line containing <paramref name="text"/>.</summary>
    private static async Task WaitForFileLineAsync(string path, string text)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (true)
        {
            if (File.Exists(path) && (await File.ReadAllTextAsync(path)).Contains(text, StringComparison.Ordinal)) return;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"'{text}' did not appear in {path}: {(File.Exists(path) ? await File.ReadAllTextAsync(path) : "(no file)")}");
            await Task.Delay(50);
        }
    }
}

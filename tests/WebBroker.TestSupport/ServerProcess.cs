using System.Diagnostics;
using System.Text;

namespace WebBroker.TestSupport;

/// <summary>
/// A server running as a child process in a fresh work directory, on a random loopback port
/// (<c>-a 127.0.0.1 -p -1</c>) unless the config says where, optionally with a config file
/// (<see cref="ConfigFiles.DefaultName"/> in the work directory). Its ports are learnt from its log
/// (<see cref="AnnouncedPorts"/>); everything it prints is kept (<see cref="Log"/>).
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Servers start one at a time. WebBroker also opens its monitoring port (8222 unless told
    /// otherwise) and skips it when another process holds it; two instances starting at the same
    /// instant could both try to take it.
    /// </summary>
    private static readonly SemaphoreSlim StartLock = new(1, 1);

    private readonly Process _process;
    private readonly TempDirectory _workDirectory;
    private readonly AnnouncedPorts _ports = new();

    private ServerProcess(ServerLauncher launcher, string? config, Process process, TempDirectory workDirectory)
    {
        Kind = launcher.Kind;
        Config = config;
        _process = process;
        _workDirectory = workDirectory;
        Log = new LogCapture(launcher.Kind.ToString());
        Log.LineAdded += _ports.Read;
    }

    public ServerKind Kind { get; }
    public string? Config { get; }

    /// <summary>Everything the server printed so far.</summary>
    public LogCapture Log { get; }

    /// <summary>The client port.</summary>
    public int Port { get; private set; }

    /// <summary>The monitoring port, when started with <c>monitor: true</c> (<c>-m -1</c>).</summary>
    public int HttpPort => _ports.Http.IsCompletedSuccessfully ? _ports.Http.Result : throw new InvalidOperationException("started without monitoring");

    /// <summary>Waits for the monitoring port to be announced (it is logged before the client port).</summary>
    public Task<int> HttpPortAsync() => _ports.Http.WaitAsync(StartTimeout);

    /// <summary>The websocket listener's port, when the config opened one (logged before the client port).</summary>
    public int? WebSocketPort => _ports.WebSocket;

    /// <summary>The https monitoring port, when the config opened one (<c>https_port</c>; logged before the client port).</summary>
    public int? HttpsPort => _ports.Https;

    public bool HasExited => _process.HasExited;
    public int Pid => _process.Id;
    public int ExitCode => _process.ExitCode;

    /// <summary>The directory the server runs in (its config file is <see cref="ConfigFiles.DefaultName"/> there).</summary>
    public string WorkDirectory => _workDirectory.Path;

    /// <summary>The last lines the server printed, for failure messages.</summary>
    public string RecentOutput => Log.Tail;

    /// <summary>How many lines the server has printed so far: a mark for <see cref="WaitForOutputAsync"/>.</summary>
    public int OutputMark => Log.Mark;

    /// <summary>The lines printed after <paramref name="mark"/>.</summary>
    public IReadOnlyList<string> OutputSince(int mark) => Log.Since(mark);

    /// <summary>Waits (bounded) for a line containing <paramref name="text"/> printed after <paramref name="mark"/>.</summary>
    public Task WaitForOutputAsync(string text, int mark, TimeSpan timeout) => Log.WaitForAsync(text, mark, timeout);

    /// <summary>Starts a server and waits (bounded) until it announces its client listener.</summary>
    /// <param name="monitor">Open the http monitoring port on a random port too (<c>-m -1</c>), and wait for it.</param>
    /// <param name="portsFromConfig">Listen where the config file says instead of on random loopback ports.</param>
    /// <param name="extraArguments">More command-line flags (-V, -P FILE, ...), relative paths in the work directory.</param>
    public static async Task<ServerProcess> StartAsync(ServerKind kind, string? config = null, bool monitor = false,
        bool portsFromConfig = false, IEnumerable<string>? extraArguments = null)
    {
        var launcher = ServerLauncher.For(kind);
        var workDirectory = new TempDirectory($"webbroker-{kind.ToString().ToLowerInvariant()}-");
        var arguments = new List<string>();
        if (!portsFromConfig) arguments.AddRange(["-a", "127.0.0.1", "-p", "-1"]);
        if (monitor) arguments.AddRange(["-m", "-1"]);
        if (extraArguments is not null) arguments.AddRange(extraArguments);
        if (config is not null) arguments.AddRange(["-c", await ConfigFiles.WriteAsync(workDirectory.Path, config)]);

        ProcessStartInfo startInfo;
        try
        {
            startInfo = launcher.StartInfo(workDirectory.Path, arguments);
        }
        catch
        {
            workDirectory.Dispose();
            throw;
        }
        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var server = new ServerProcess(launcher, config, process, workDirectory);
        process.OutputDataReceived += (_, e) => { if (e.Data is { } line) server.Log.Add(line); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) server.Log.Add(line); };
        process.Exited += (_, _) => server._ports.Exited($"{kind} exited (code {process.ExitCode}) before listening.\n{server.Log.Tail}");

        await StartLock.WaitAsync();
        try
        {
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            server.Port = await server._ports.Client.WaitAsync(StartTimeout);
            if (monitor) await server._ports.Http.WaitAsync(StartTimeout);
        }
        catch (TimeoutException)
        {
            await server.DisposeAsync();
            throw new TimeoutException($"{kind} did not announce its listeners within {StartTimeout}.\n{server.Log.Tail}");
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        finally
        {
            StartLock.Release();
        }
        return server;
    }

    /// <summary>Starts a server with a config it must refuse; returns everything it printed before exiting
    /// (bounded). Throws if it is still running by then, or if it exited with code 0.</summary>
    public static async Task<string> FailToStartAsync(ServerKind kind, string config)
    {
        using var directory = new TempDirectory();
        var file = await ConfigFiles.WriteAsync(directory.Path, config);
        var result = await ServerLauncher.For(kind).RunToExitAsync(directory.Path, ["-a", "127.0.0.1", "-p", "-1", "-c", file], StartTimeout);
        return result.ExitCode != 0 ? result.Output
            : throw new InvalidOperationException($"{kind} exited with code 0 instead of refusing the config.\n{result.Output}");
    }

    /// <summary>Sends a POSIX signal to the server process (<see cref="PosixSignal"/>).</summary>
    public void Signal(int signal) => PosixSignal.Send(_process.Id, signal);

    /// <summary>Rewrites the config file, sends SIGHUP and waits (bounded) until the server says it reloaded.</summary>
    public async Task ReloadAsync(string config, TimeSpan? timeout = null)
    {
        await ConfigFiles.WriteAsync(WorkDirectory, config);
        var mark = Log.Mark;
        Signal(PosixSignal.Hangup);
        await Log.WaitForAsync("Reloaded server configuration", mark, timeout ?? StartTimeout);
    }

    /// <summary>Waits (bounded) for the server process to exit by itself; throws <see cref="TimeoutException"/>
    /// with the log's tail when it does not.</summary>
    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Kind} did not exit within {timeout}.\n{Log.Tail}");
        }
    }

    /// <summary>Sends SIGTERM (what systemd and `kill` send) and waits, bounded, for the process to exit.
    /// Returns its exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        Signal(PosixSignal.Terminate);
        await WaitForExitAsync(timeout);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await _process.WaitForExitAsync(cts.Token);
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already gone.
        }
        catch (OperationCanceledException)
        {
            // Did not die in time; nothing more a test can do.
        }
        _process.Dispose();
        _workDirectory.Dispose();
    }

    public override string ToString()
    {
        var sb = new StringBuilder($"{Kind} on 127.0.0.1:{Port}");
        if (Config is not null) sb.Append(" with config: ").Append(Config.ReplaceLineEndings("; "));
        return sb.ToString();
    }
}

using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace WebBroker.ProtocolTests.Infrastructure;

/// <summary>
/// A server running as a child process on a random loopback port (<c>-a 127.0.0.1 -p -1</c>),
/// optionally with a nats-server-format config file. The port is learnt from the log line
/// <c>Listening for client connections on HOST:PORT</c>, which both servers print.
/// </summary>
public sealed partial class ServerProcess : IAsyncDisposable
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);
    private const int KeptOutputLines = 200;

    /// <summary>
    /// Servers start one at a time. WebBroker also opens its monitoring port (8222 unless told
    /// otherwise) and skips it when another process holds it; two instances starting at the same
    /// instant could both try to take it.
    /// </summary>
    private static readonly SemaphoreSlim StartLock = new(1, 1);

    private readonly Process _process;
    private readonly string _workDirectory;
    private readonly Queue<string> _output = new();
    private readonly List<string> _allOutput = [];
    private readonly List<(Func<string, bool> Match, int After, TaskCompletionSource Seen)> _waiters = [];
    private readonly TaskCompletionSource<int> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ServerKind Kind { get; }
    public string? Config { get; }
    public int Port { get; private set; }

    /// <summary>The monitoring port, when started with <c>monitor: true</c> (<c>-m -1</c>).</summary>
    public int HttpPort => _httpPort.Task.IsCompletedSuccessfully ? _httpPort.Task.Result : throw new InvalidOperationException("started without monitoring");
    private readonly TaskCompletionSource<int> _httpPort = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServerProcess(ServerKind kind, string? config, Process process, string workDirectory)
    {
        Kind = kind;
        Config = config;
        _process = process;
        _workDirectory = workDirectory;
    }

    [GeneratedRegex(@"Listening for websocket clients on wss?://\S+:(\d+)")]
    private static partial Regex WebSocketLine();

    /// <summary>The websocket listener's port, when the config opened one (logged before the client port).</summary>
    public int? WebSocketPort { get; private set; }

    [GeneratedRegex(@"Starting http monitor on \S+:(\d+)")]
    private static partial Regex MonitorLine();

    /// <summary>Waits for the monitoring port to be announced (it is logged before the client port).</summary>
    public Task<int> HttpPortAsync() => _httpPort.Task.WaitAsync(StartTimeout);

    [GeneratedRegex(@"Starting https monitor on \S+:(\d+)")]
    private static partial Regex HttpsMonitorLine();

    /// <summary>The https monitoring port, when the config opened one (<c>https_port</c>; logged before the client port).</summary>
    public int? HttpsPort { get; private set; }

    [GeneratedRegex(@"Listening for client connections on (\S+):(\d+)")]
    private static partial Regex ListeningLine();

    /// <summary>Starts a server with a config it must refuse; returns everything it printed before exiting
    /// (bounded: 20 s). Fails if it starts listening instead.</summary>
    public static async Task<string> FailToStartAsync(ServerKind kind, string config)
    {
        var directory = Directory.CreateTempSubdirectory("webbroker-protocol-").FullName;
        var configFile = Path.Combine(directory, "server.conf");
        await File.WriteAllTextAsync(configFile, config);
        var startInfo = kind == ServerKind.NatsServer
            ? new ProcessStartInfo(FindNatsServer())
            : new ProcessStartInfo("dotnet") { ArgumentList = { Servers.WebBrokerDll } };
        foreach (var a in new[] { "-a", "127.0.0.1", "-p", "-1", "-c", configFile }) startInfo.ArgumentList.Add(a);
        startInfo.RedirectStandardOutput = startInfo.RedirectStandardError = true;
        startInfo.WorkingDirectory = directory;
        using var process = Process.Start(startInfo)!;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(cts.Token);
            var stderr = process.StandardError.ReadToEndAsync(cts.Token);
            await process.WaitForExitAsync(cts.Token);
            return await stdout + await stderr;
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{kind} did not refuse the config within 20 s");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Starts a server and waits (up to 20 s) until it listens for clients.</summary>
    /// <param name="portsFromConfig">Listen where the config file says instead of on random loopback ports.</param>
    /// <param name="extraArguments">More command-line flags (-V, -P FILE, ...), relative paths in the server's directory.</param>
    public static async Task<ServerProcess> StartAsync(ServerKind kind, string? config = null, bool monitor = false, bool portsFromConfig = false,
        IEnumerable<string>? extraArguments = null)
    {
        var workDirectory = Directory.CreateTempSubdirectory("webbroker-protocol-").FullName;
        var arguments = new List<string>();
        string fileName;
        switch (kind)
        {
            case ServerKind.NatsServer:
                fileName = FindNatsServer();
                break;
            case ServerKind.WebBroker:
                fileName = "dotnet";
                arguments.Add(Servers.WebBrokerDll);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
        if (!portsFromConfig) arguments.AddRange(["-a", "127.0.0.1", "-p", "-1"]);
        if (monitor) arguments.AddRange(["-m", "-1"]);
        if (extraArguments is not null) arguments.AddRange(extraArguments);
        if (config is not null)
        {
            var configFile = Path.Combine(workDirectory, "server.conf");
            await File.WriteAllTextAsync(configFile, config);
            arguments.AddRange(["-c", configFile]);
        }

        var startInfo = new ProcessStartInfo(fileName)
        {
            // A fresh directory per server: nothing it stores (JetStream data, logs) is shared.
            WorkingDirectory = workDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments) startInfo.ArgumentList.Add(a);

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var server = new ServerProcess(kind, config, process, workDirectory);
        process.OutputDataReceived += (_, e) => server.OnOutput(e.Data);
        process.ErrorDataReceived += (_, e) => server.OnOutput(e.Data);
        process.Exited += (_, _) => server._listening.TrySetException(new InvalidOperationException(
            $"{kind} exited (code {process.ExitCode}) before listening.\n{server.RecentOutput}"));

        await StartLock.WaitAsync();
        try
        {
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            server.Port = await server._listening.Task.WaitAsync(StartTimeout);
        }
        catch (TimeoutException)
        {
            await server.DisposeAsync();
            throw new TimeoutException(
                $"{kind} did not log 'Listening for client connections' within {StartTimeout}.\n{server.RecentOutput}");
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

    /// <summary>Opens a raw client connection and reads the server's INFO line.</summary>
    public Task<RawClient> ConnectAsync(int? receiveBufferSize = null) =>
        RawClient.ConnectAsync(Port, receiveBufferSize);

    /// <summary>Opens a connection, sends CONNECT and waits for the PONG after it.</summary>
    public async Task<RawClient> ConnectReadyAsync(string connectJson = RawClient.QuietConnect)
    {
        var client = await ConnectAsync();
        try
        {
            await client.HandshakeAsync(connectJson);
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
        return client;
    }

    /// <summary>The last lines the server printed, for failure messages.</summary>
    public string RecentOutput
    {
        get
        {
            lock (_output) return string.Join('\n', _output);
        }
    }

    public bool HasExited => _process.HasExited;

    public int Pid => _process.Id;

    public int ExitCode => _process.ExitCode;

    /// <summary>The directory the server runs in (its config file is server.conf there).</summary>
    public string WorkDirectory => _workDirectory;

    /// <summary>How many lines the server has printed so far: a mark for <see cref="WaitForOutputAsync"/>.</summary>
    public int OutputMark
    {
        get { lock (_output) return _allOutput.Count; }
    }

    /// <summary>The lines printed after <paramref name="mark"/>.</summary>
    public IReadOnlyList<string> OutputSince(int mark)
    {
        lock (_output) return [.. _allOutput.Skip(mark)];
    }

    /// <summary>Waits (bounded) for a line containing <paramref name="text"/> printed after <paramref name="mark"/>.</summary>
    public async Task WaitForOutputAsync(string text, int mark, TimeSpan timeout)
    {
        TaskCompletionSource seen = new(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_output)
        {
            if (_allOutput.Skip(mark).Any(l => l.Contains(text, StringComparison.Ordinal))) return;
            _waiters.Add((l => l.Contains(text, StringComparison.Ordinal), mark, seen));
        }
        try
        {
            await seen.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{Kind} did not print '{text}' within {timeout}.\n{RecentOutput}");
        }
    }

    /// <summary>Sends a POSIX signal to the server process (SIGHUP = 1, SIGUSR2 = 12, ...).</summary>
    public void Signal(int signal)
    {
        if (Kill(_process.Id, signal) != 0) throw new InvalidOperationException($"kill({signal}) failed");
    }

    /// <summary>Waits (bounded) for the server process to exit.</summary>
    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
    }

    /// <summary>The command that starts this kind of server, for running it with other arguments (e.g. --signal).</summary>
    public static (string FileName, string[] Prefix) CommandOf(ServerKind kind) => kind switch
    {
        ServerKind.NatsServer => (FindNatsServer(), []),
        _ => ("dotnet", [Servers.WebBrokerDll]),
    };

    /// <summary>Sends SIGTERM (what systemd and `kill` send) and waits, bounded, for the process to exit.
    /// Returns its exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        if (Kill(_process.Id, 15) != 0) throw new InvalidOperationException("kill(SIGTERM) failed");
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    private void OnOutput(string? line)
    {
        if (line is null) return;
        lock (_output)
        {
            _output.Enqueue(line);
            while (_output.Count > KeptOutputLines) _output.Dequeue();
            _allOutput.Add(line);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (!_waiters[i].Match(line)) continue;
                _waiters[i].Seen.TrySetResult();
                _waiters.RemoveAt(i);
            }
        }
        var match = ListeningLine().Match(line);
        if (match.Success) _listening.TrySetResult(int.Parse(match.Groups[2].Value));
        var ws = WebSocketLine().Match(line);
        if (ws.Success) WebSocketPort = int.Parse(ws.Groups[1].Value);
        var https = HttpsMonitorLine().Match(line);
        if (https.Success) HttpsPort = int.Parse(https.Groups[1].Value);
        var http = MonitorLine().Match(line);
        if (http.Success) _httpPort.TrySetResult(int.Parse(http.Groups[1].Value));
    }

    private static string FindNatsServer()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        var candidates = path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/sbin").Append("/usr/local/bin")
            .Select(dir => Path.Combine(dir, "nats-server"));
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException(
                "nats-server is not installed (looked on PATH and in /usr/sbin). The protocol tests use it as the " +
                "reference server: install Debian's package (apt-get install nats-server).");
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
        try
        {
            Directory.Delete(_workDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    public override string ToString()
    {
        var sb = new StringBuilder($"{Kind} on 127.0.0.1:{Port}");
        if (Config is not null) sb.Append(" with config: ").Append(Config.ReplaceLineEndings("; "));
        return sb.ToString();
    }
}

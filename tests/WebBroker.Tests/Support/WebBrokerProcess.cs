using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace WebBroker.Tests.Support;

/// <summary>The built broker (src/Web) as a child process on random ports, for tests of the host itself
/// (HTTP, dashboard sign-in). Ports are learnt from its log lines.</summary>
internal sealed partial class WebBrokerProcess : IAsyncDisposable
{
    private readonly Process _process;
    public int Port { get; private set; }
    public int HttpPort { get; private set; }
    public string WorkDirectory { get; }
    public int Pid => _process.Id;
    private readonly List<string> _lines = [];
    private event Action? LineArrived;

    private WebBrokerProcess(Process process, string workDirectory)
    {
        _process = process;
        WorkDirectory = workDirectory;
    }

    public static async Task<WebBrokerProcess> StartAsync(string? config = null)
    {
        var dir = Directory.CreateTempSubdirectory("webbroker-host-").FullName;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dir };
        foreach (var a in new[] { Dll(), "-a", "127.0.0.1", "-p", "-1", "-m", "-1" }) start.ArgumentList.Add(a);
        if (config is not null)
        {
            var file = Path.Combine(dir, "server.conf");
            await File.WriteAllTextAsync(file, config);
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(file);
        }
        var process = Process.Start(start)!;
        var broker = new WebBrokerProcess(process, dir);
        var http = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var nats = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLine(object _, DataReceivedEventArgs e)
        {
            if (e.Data is not { } line) return;
            lock (broker._lines) broker._lines.Add(line);
            broker.LineArrived?.Invoke();
            if (HttpLine().Match(line) is { Success: true } h) http.TrySetResult(int.Parse(h.Groups[1].Value));
            if (NatsLine().Match(line) is { Success: true } n) nats.TrySetResult(int.Parse(n.Groups[1].Value));
        }
        process.OutputDataReceived += OnLine;
        process.ErrorDataReceived += OnLine;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            broker.HttpPort = await http.Task.WaitAsync(TimeSpan.FromSeconds(30));
            broker.Port = await nats.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch
        {
            await broker.DisposeAsync();
            throw;
        }
        return broker;
    }

    /// <summary>WEBBROKER_DLL, or the Release build next to this checkout's sources.</summary>
    public static string DllPath() => Dll();

    private static string Dll()
    {
        if (Environment.GetEnvironmentVariable("WEBBROKER_DLL") is { Length: > 0 } dll) return dll;
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "WebBroker.sln"))) dir = dir.Parent;
        if (dir is null) throw new InvalidOperationException("WebBroker.sln not found above the test directory; set WEBBROKER_DLL");
        foreach (var configuration in new[] { "Release", "Debug" })
        {
            var path = Path.Combine(dir.FullName, "src", "Web", "bin", configuration, "net10.0", "WebBroker.Web.dll");
            if (File.Exists(path)) return path;
        }
        throw new InvalidOperationException("build src/Web first (dotnet build -c Release), or set WEBBROKER_DLL");
    }

    [GeneratedRegex(@"Starting http monitor on \S+:(\d+)")]
    private static partial Regex HttpLine();

    [GeneratedRegex(@"Listening for client connections on \S+:(\d+)")]
    private static partial Regex NatsLine();

    /// <summary>Rewrites the config file, sends SIGHUP and waits (bounded) until the broker says it reloaded.</summary>
    public async Task ReloadAsync(string config)
    {
        await File.WriteAllTextAsync(Path.Combine(WorkDirectory, "server.conf"), config);
        int mark;
        lock (_lines) mark = _lines.Count;
        var reloaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Check()
        {
            lock (_lines)
                if (_lines.Skip(mark).Any(l => l.Contains("Reloaded server configuration", StringComparison.Ordinal))) reloaded.TrySetResult();
        }
        LineArrived += Check;
        try
        {
            if (Kill(_process.Id, 1) != 0) throw new InvalidOperationException("kill(SIGHUP) failed");
            Check();
            await reloaded.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            LineArrived -= Check;
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    /// <summary>Waits (bounded) for the broker to exit by itself; true if it did.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try { Directory.Delete(WorkDirectory, recursive: true); } catch (IOException) { }
    }
}

using System.Globalization;
using System.Runtime.InteropServices;

namespace WebBroker.Web.Operations;

/// <summary>
/// <c>--signal reload|ldm|quit|stop|term|reopen[=pid|pid file]</c>: sends the signal to a running
/// broker, found by the pid or pid file given, by the -P pid file, or as the only running broker.
/// </summary>
public static partial class SignalCommand
{
    private static readonly Dictionary<string, int> Signals = new(StringComparer.Ordinal)
    {
        ["reload"] = 1,   // SIGHUP
        ["quit"] = 2,     // SIGINT
        ["stop"] = 9,     // SIGKILL
        ["reopen"] = SignalHandlers.SigUsr1,
        ["ldm"] = SignalHandlers.SigUsr2,
        ["term"] = 15,    // SIGTERM
    };

    public static int Run(string command, string? pidFile)
    {
        var name = command;
        string? target = null;
        var eq = command.IndexOf('=');
        if (eq >= 0)
        {
            name = command[..eq];
            target = command[(eq + 1)..];
        }
        if (!Signals.TryGetValue(name, out var signal))
        {
            Console.Error.WriteLine($"unknown signal \"{name}\"");
            return 1;
        }
        int pid;
        try
        {
            pid = ResolvePid(target ?? pidFile);
        }
        catch (Exception ex) when (ex is IOException or FormatException or InvalidOperationException)
        {
            Console.Error.WriteLine(ex.Message);
            return 1;
        }
        if (Kill(pid, signal) != 0)
        {
            Console.Error.WriteLine($"could not send {name} to pid {pid} (errno {Marshal.GetLastPInvokeError()})");
            return 1;
        }
        return 0;
    }

    private static int ResolvePid(string? target)
    {
        if (target is not null)
        {
            if (int.TryParse(target, NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) return pid;
            return int.Parse(File.ReadAllText(target).Trim(), NumberStyles.None, CultureInfo.InvariantCulture);
        }
        var self = Environment.ProcessId;
        var brokers = Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), out var p) ? p : 0)
            .Where(p => p > 0 && p != self && IsBroker(p))
            .ToList();
        return brokers.Count switch
        {
            1 => brokers[0],
            0 => throw new InvalidOperationException("no webbroker process is running"),
            _ => throw new InvalidOperationException($"multiple webbroker processes are running ({string.Join(", ", brokers)}): give a pid or pid file, e.g. --signal reload=PID"),
        };
    }

    private static bool IsBroker(int pid)
    {
        try
        {
            var commandLine = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0');
            return commandLine.Any(a => a.EndsWith("WebBroker.Web.dll", StringComparison.Ordinal) || a.EndsWith("/WebBroker.Web", StringComparison.Ordinal))
                && !commandLine.Contains("--signal");
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}

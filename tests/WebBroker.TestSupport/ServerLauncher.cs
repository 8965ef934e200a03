using System.Diagnostics;

namespace WebBroker.TestSupport;

/// <summary>
/// How to run one kind of server: the executable and the arguments that come before the server's own
/// flags. Each kind finds its program once and fails loudly when it is missing, so a run that cannot
/// start a server fails instead of testing less.
/// </summary>
public abstract class ServerLauncher
{
    public static readonly ServerLauncher NatsServer = new NatsServerLauncher();
    public static readonly ServerLauncher WebBroker = new WebBrokerLauncher();

    public static ServerLauncher For(ServerKind kind) => kind switch
    {
        ServerKind.NatsServer => NatsServer,
        ServerKind.WebBroker => WebBroker,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public abstract ServerKind Kind { get; }

    /// <summary>The program to run (throws when it is not installed or not built).</summary>
    public abstract string FileName { get; }

    /// <summary>Arguments before the server's flags (the dll for <c>dotnet</c>).</summary>
    public abstract IReadOnlyList<string> Prefix { get; }

    /// <summary>A start description with output redirected, running in <paramref name="workDirectory"/>.</summary>
    public ProcessStartInfo StartInfo(string workDirectory, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(FileName)
        {
            WorkingDirectory = workDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in Prefix.Concat(arguments)) start.ArgumentList.Add(a);
        return start;
    }

    /// <summary>Runs the server with <paramref name="arguments"/> until it exits by itself (-t, --signal, a refused
    /// config), bounded: past <paramref name="bound"/> it is killed and this throws <see cref="TimeoutException"/>.</summary>
    public async Task<ProcessResult> RunToExitAsync(string workDirectory, IEnumerable<string> arguments, TimeSpan bound,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = StartInfo(workDirectory, arguments);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        using var cts = new CancellationTokenSource(bound);
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(cts.Token);
            var stderr = process.StandardError.ReadToEndAsync(cts.Token);
            await process.WaitForExitAsync(cts.Token);
            return new ProcessResult(process.ExitCode, await stdout + await stderr);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Kind} {string.Join(' ', start.ArgumentList)} did not exit within {bound}");
        }
    }

    public override string ToString() => Kind.ToString();
}

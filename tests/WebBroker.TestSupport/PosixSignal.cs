using System.Runtime.InteropServices;

namespace WebBroker.TestSupport;

/// <summary>POSIX signals for a server process (what <c>kill -SIG</c> and systemd send).</summary>
public static partial class PosixSignal
{
    public const int Hangup = 1;
    public const int Kill = 9;
    public const int User1 = 10;
    public const int User2 = 12;
    public const int Terminate = 15;

    public static void Send(int pid, int signal)
    {
        if (SysKill(pid, signal) != 0)
        {
            throw new InvalidOperationException($"kill({pid}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SysKill(int pid, int signal);
}

namespace WebBroker.TestSupport;

/// <summary>How a server run to completion ended: its exit code and everything it printed (stdout, then stderr).</summary>
public readonly record struct ProcessResult(int ExitCode, string Output);

using System.Diagnostics;
using System.Text;
using WebBroker.Broker.JetStream.Storage;

namespace WebBroker.Tests.JetStream.Storage;

/// <summary>
/// A store that has returned keeps its message through a SIGKILL: a child process (tests/WebBroker.StoreCrashChild)
/// stores messages with many in flight and prints each one whose store returned; it is killed mid-stream, and
/// the reopened file must hold every printed message, with no gap and the sequence going on. Several cycles,
/// each child recovering the file the previous one left.
/// </summary>
public sealed class SqliteStoreCrashTests : IDisposable
{
    private const int Cycles = 4;
    private const int AcksBeforeKill = 400;
    private readonly string _dir = Directory.CreateTempSubdirectory("webbroker-crash-").FullName;

    [Fact]
    public async Task Every_acknowledged_message_survives_a_kill()
    {
        var path = Path.Combine(_dir, "crash.db");
        var acked = new Dictionary<ulong, string>();
        ulong lastAcked = 0;
        for (var cycle = 0; cycle < Cycles; cycle++)
        {
            var (ready, lines) = await RunAndKill(path, $"run{cycle}");
            Assert.True(ready >= lastAcked, $"cycle {cycle}: recovered last sequence {ready} is below the acknowledged {lastAcked}");
            foreach (var (seq, payload) in lines)
            {
                acked[seq] = payload;
                lastAcked = Math.Max(lastAcked, seq);
            }

            using var store = SqliteStore.Open(path);
            var state = store.State();
            Assert.True(state.LastSeq >= lastAcked, $"cycle {cycle}: last sequence {state.LastSeq} is below the acknowledged {lastAcked}");
            Assert.Equal(state.LastSeq, state.Msgs); // nothing removed, so no gap
            Assert.Equal(0, state.NumDeleted);
            var reuse = new StoreMsg();
            foreach (var (seq, payload) in acked)
            {
                var msg = store.LoadMsg(seq, reuse);
                Assert.True(msg is not null, $"cycle {cycle}: acknowledged message {seq} is missing");
                Assert.Equal(payload, Encoding.ASCII.GetString(msg.Data.Span));
            }
            // Sequences continue after the recovered end.
            var next = await store.StoreMsgAsync("after", ReadOnlyMemory<byte>.Empty, Encoding.ASCII.GetBytes("after"));
            Assert.Equal(state.LastSeq + 1, next.Sequence);
            acked[next.Sequence] = "after";
            lastAcked = next.Sequence;
        }
        Assert.True(acked.Count >= Cycles * AcksBeforeKill);
    }

    /// <summary>Runs the child until it has printed enough acknowledgements, SIGKILLs it, and returns the last
    /// sequence it recovered at start and every acknowledgement it printed (those read after the kill too).</summary>
    private static async Task<(ulong Ready, List<(ulong Seq, string Payload)> Acks)> RunAndKill(string path, string run)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "WebBroker.StoreCrashChild.dll"));
        start.ArgumentList.Add(path);
        start.ArgumentList.Add(run);
        using var child = Process.Start(start)!;
        var errors = child.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var acks = new List<(ulong, string)>();
        ulong ready = 0;
        var killed = false;
        try
        {
            while (await child.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line.StartsWith("ready ", StringComparison.Ordinal))
                {
                    ready = ulong.Parse(line.AsSpan(6));
                    continue;
                }
                var space = line.IndexOf(' ');
                if (space < 0) continue; // a line cut by the kill
                acks.Add((ulong.Parse(line.AsSpan(0, space)), line[(space + 1)..]));
                if (!killed && acks.Count >= AcksBeforeKill)
                {
                    child.Kill(); // SIGKILL on Linux: no flush, no dispose, no finalizer
                    killed = true;
                }
            }
        }
        finally
        {
            if (!child.HasExited) child.Kill();
        }
        await child.WaitForExitAsync(timeout.Token);
        Assert.True(killed, $"the child stopped before it was killed: {await errors}");
        return (ready, acks);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}

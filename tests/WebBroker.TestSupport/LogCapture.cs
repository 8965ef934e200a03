namespace WebBroker.TestSupport;

/// <summary>
/// Every line a server printed (stdout and stderr, in arrival order), for waiting on events and for failure
/// messages: timeouts and failed starts carry the last lines, so a broken run shows what the server said.
/// </summary>
public sealed class LogCapture(string owner)
{
    /// <summary>How many of the last lines failure messages show.</summary>
    public const int TailLines = 200;

    private readonly List<string> _lines = [];
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Seen)> _waiters = [];

    /// <summary>Runs for each line as it arrives, after it is stored (on the process's reader thread).</summary>
    public event Action<string>? LineAdded;

    public void Add(string line)
    {
        lock (_lines)
        {
            _lines.Add(line);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (!_waiters[i].Match(line)) continue;
                _waiters[i].Seen.TrySetResult(line);
                _waiters.RemoveAt(i);
            }
        }
        LineAdded?.Invoke(line);
    }

    /// <summary>How many lines there are so far: a mark for <see cref="Since"/> and <see cref="WaitForAsync"/>.</summary>
    public int Mark
    {
        get { lock (_lines) return _lines.Count; }
    }

    /// <summary>The lines printed after <paramref name="mark"/>.</summary>
    public IReadOnlyList<string> Since(int mark)
    {
        lock (_lines) return [.. _lines.Skip(mark)];
    }

    /// <summary>The last <see cref="TailLines"/> lines, joined, for failure messages.</summary>
    public string Tail
    {
        get { lock (_lines) return string.Join('\n', _lines.Skip(Math.Max(0, _lines.Count - TailLines))); }
    }

    /// <summary>Waits (bounded) for a line containing <paramref name="text"/> printed after <paramref name="mark"/>;
    /// returns it. The timeout's message carries the tail of the log.</summary>
    public Task<string> WaitForAsync(string text, int mark, TimeSpan timeout) =>
        WaitForAsync(l => l.Contains(text, StringComparison.Ordinal), $"'{text}'", mark, timeout);

    public async Task<string> WaitForAsync(Func<string, bool> match, string description, int mark, TimeSpan timeout)
    {
        TaskCompletionSource<string> seen = new(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lines)
        {
            if (_lines.Skip(mark).FirstOrDefault(match) is { } already) return already;
            _waiters.Add((match, seen));
        }
        try
        {
            return await seen.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            lock (_lines) _waiters.RemoveAll(w => w.Seen == seen);
            throw new TimeoutException($"{owner} did not print {description} within {timeout}.\n{Tail}");
        }
    }
}

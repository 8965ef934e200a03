using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace WebBroker.Web.Logging;

/// <summary>
/// nats-server's log_file (-l): the same lines as the console, appended to a file. The path can
/// change on reload; lines are written by one background writer so logging never blocks on disk.
/// </summary>
public sealed class FileLoggerProvider : ILoggerProvider
{
    private readonly BlockingCollection<string> _lines = new(boundedCapacity: 100_000);
    private readonly Thread _writer;
    private volatile string? _path;
    private volatile bool _reopen;

    public FileLoggerProvider(string? path)
    {
        _path = path;
        _writer = new Thread(WriteLoop) { IsBackground = true, Name = "log-file" };
        _writer.Start();
    }

    /// <summary>The file lines go to; null stops writing to a file.</summary>
    public string? Path
    {
        get => _path;
        set => _path = value;
    }

    /// <summary>Whether lines go to a file.</summary>
    public bool IsFile => _path is not null;

    /// <summary>Closes the file and opens it again by its path before the next line (SIGUSR1, after a log rotation).</summary>
    public void Reopen() => _reopen = true;

    public ILogger CreateLogger(string categoryName) => new FileLogger(this);

    public void Dispose()
    {
        _lines.CompleteAdding();
        _writer.Join(TimeSpan.FromSeconds(2));
    }

    private void WriteLoop()
    {
        StreamWriter? writer = null;
        string? openPath = null;
        foreach (var line in _lines.GetConsumingEnumerable())
        {
            var path = _path;
            if (path != openPath || _reopen)
            {
                _reopen = false;
                writer?.Dispose();
                writer = path is null ? null : new StreamWriter(path, append: true) { AutoFlush = false };
                openPath = path;
            }
            if (writer is null) continue;
            writer.WriteLine(line);
            if (_lines.Count == 0) writer.Flush();
        }
        writer?.Dispose();
    }

    private sealed class FileLogger(FileLoggerProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => provider._path is not null;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (provider._path is null) return;
            var line = NatsLogLine.Format(logLevel, formatter(state, exception));
            if (exception is not null) line += Environment.NewLine + exception;
            provider._lines.TryAdd(line);
        }
    }
}

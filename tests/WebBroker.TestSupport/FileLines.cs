namespace WebBroker.TestSupport;

/// <summary>Waits on a file a server writes (a log file from <c>-l</c>), woken by file-system events rather than polling.</summary>
public static class FileLines
{
    /// <summary>Waits (bounded) until <paramref name="path"/> exists and holds a line containing <paramref name="text"/>.</summary>
    public static async Task WaitForAsync(string path, string text, TimeSpan timeout)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var found = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Check()
        {
            try
            {
                if (File.Exists(path) && ReadShared(path).Contains(text, StringComparison.Ordinal)) found.TrySetResult();
            }
            catch (IOException)
            {
                // Being renamed or written; the next event checks again.
            }
        }
        using var watcher = new FileSystemWatcher(directory, Path.GetFileName(path))
        {
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size,
        };
        watcher.Created += (_, _) => Check();
        watcher.Changed += (_, _) => Check();
        watcher.Renamed += (_, _) => Check();
        watcher.EnableRaisingEvents = true;
        Check(); // what was written before the watch began
        try
        {
            await found.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            var content = File.Exists(path) ? ReadShared(path) : "(no file)";
            throw new TimeoutException($"'{text}' did not appear in {path} within {timeout}: {content}");
        }
    }

    /// <summary>Reads the file while the server keeps it open for writing.</summary>
    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

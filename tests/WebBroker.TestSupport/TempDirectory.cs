namespace WebBroker.TestSupport;

/// <summary>A fresh directory under the system's temp directory, deleted (best effort) on dispose: nothing a
/// server stores there (config, pid file, logs, JetStream data) is shared with another test.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory(string prefix = "webbroker-test-") => Path = Directory.CreateTempSubdirectory(prefix).FullName;

    public string Path { get; }

    /// <summary>The full path of <paramref name="name"/> inside this directory.</summary>
    public string this[string name] => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A server still closing a file; the system's temp cleaning takes it.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    public override string ToString() => Path;
}

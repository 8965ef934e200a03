namespace WebBroker.Web;

/// <summary>nats-server's pid_file: written once listening, removed at exit.</summary>
internal static class PidFile
{
    public static void Write(string? path)
    {
        if (!string.IsNullOrEmpty(path)) File.WriteAllText(path, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public static void Remove(string? path)
    {
        if (!string.IsNullOrEmpty(path) && File.Exists(path)) File.Delete(path);
    }
}

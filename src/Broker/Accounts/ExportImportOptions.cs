namespace WebBroker.Broker.Accounts;

/// <summary>An account's export: a stream (messages others may receive) or a service (requests others may
/// send), optionally only to the named accounts.</summary>
public sealed class ExportOptions
{
    public string Subject { get; set; } = "";
    public bool IsService { get; set; }
    /// <summary>The accounts allowed to import it; empty: any.</summary>
    public List<string> Accounts { get; set; } = [];
    /// <summary>A wildcard export may require the importer's own account name (public key in operator mode)
    /// at this token (1-based) of the imported subject; 0: no such requirement.</summary>
    public int AccountTokenPosition { get; set; }

    /// <summary>Whether <paramref name="importer"/> may import <paramref name="subject"/> under the token position rule.</summary>
    public static bool TokenPositionAllows(int position, string subject, string importer)
    {
        if (position <= 0) return true;
        var tokens = subject.Split('.');
        return position <= tokens.Length && tokens[position - 1] == importer;
    }

    /// <summary>Services: how many replies a request may get back across accounts.</summary>
    public ResponseType ResponseType { get; set; }
    /// <summary>Services: how long a request's reply route stays open (nats-server's default: 2 minutes).</summary>
    public TimeSpan ResponseThreshold { get; set; } = ServiceReply.DefaultThreshold;
    /// <summary>Services: report each (sampled) request's latency on a subject of the exporting account.</summary>
    public LatencyOptions? Latency { get; set; }
}

/// <summary>Service latency tracking: the percentage of requests measured and where results go.</summary>
public sealed record LatencyOptions(string Subject, int Sampling);

/// <summary>A service's replies: one (singleton), or any number until the threshold (stream, chunked).</summary>
public enum ResponseType { Singleton, Stream, Chunked }

/// <summary>How an importing account's requests to a service get their replies back.</summary>
public readonly record struct ServiceReply(ResponseType Type, TimeSpan Threshold, LatencyOptions? Latency = null)
{
    public static readonly TimeSpan DefaultThreshold = TimeSpan.FromMinutes(2);
    public static readonly ServiceReply Singleton = new(ResponseType.Singleton, DefaultThreshold);
}

/// <summary>An account's import of another account's export.</summary>
public sealed class ImportOptions
{
    public string Account { get; set; } = "";
    public string Subject { get; set; } = "";
    public bool IsService { get; set; }
    /// <summary>Streams: put the messages under this prefix in the importing account.</summary>
    public string? Prefix { get; set; }
    /// <summary>Streams: the subject in the importing account; services: the subject the importer publishes to.</summary>
    public string? To { get; set; }
}

namespace WebBroker.Broker.Accounts;

/// <summary>An account's export: a stream (messages others may receive) or a service (requests others may
/// send), optionally only to the named accounts.</summary>
public sealed class ExportOptions
{
    public string Subject { get; set; } = "";
    public bool IsService { get; set; }
    /// <summary>The accounts allowed to import it; empty: any.</summary>
    public List<string> Accounts { get; set; } = [];
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

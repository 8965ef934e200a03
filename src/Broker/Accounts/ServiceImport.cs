using WebBroker.Broker.Clients;

namespace WebBroker.Broker.Accounts;

/// <summary>
/// One service an account imports, as nats-server keeps it: a subscription in the importing account on the
/// local subject (owned by the account's internal client), whose match sends the request on into the
/// exporting account under the exported subject, with its reply routed back through the exporter's
/// <c>_R_</c> subjects. Being in the sublist, the import counts as interest like any subscriber.
/// </summary>
internal sealed class ServiceImport(Account importer, Account exporter, string local, string remote, ServiceReply reply)
{
    public Account Importer { get; } = importer;
    public Account Exporter { get; } = exporter;
    /// <summary>Local subject (importer) to exported subject (exporter).</summary>
    public ImportTransform Subjects { get; } = new(local, remote);
    public ServiceReply Reply { get; } = reply;
    /// <summary>The import's subscription in the importer's sublist (set once inserted).</summary>
    public Subscription? Subscription { get; set; }

    /// <summary>Imports are kept across a relink when nothing about them changed.</summary>
    public bool SameAs(ServiceImport other) =>
        Importer == other.Importer && Exporter == other.Exporter && Subjects.From == other.Subjects.From
        && Subjects.To == other.Subjects.To && Reply == other.Reply;
}

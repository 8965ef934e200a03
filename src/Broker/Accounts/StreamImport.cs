namespace WebBroker.Broker.Accounts;

/// <summary>
/// One stream an account imports. Nothing is subscribed for it until a client of the importing account
/// subscribes to a subject the import can deliver: then a shadow of that subscription goes into the
/// exporter's sublist (nats-server's shadow subscriptions), on the exporter's side of the subject, and a
/// message it matches goes straight to the client under the importer's subject.
/// </summary>
internal sealed class StreamImport(Account importer, Account exporter, string from, string to)
{
    public Account Importer { get; } = importer;
    public Account Exporter { get; } = exporter;
    /// <summary>Exported subject (exporter) to local subject (importer).</summary>
    public ImportTransform Subjects { get; } = new(from, to);

    public bool SameAs(StreamImport other) =>
        Importer == other.Importer && Exporter == other.Exporter && Subjects.From == other.Subjects.From && Subjects.To == other.Subjects.To;

    /// <summary>The local subject of an import given as nats-server's options: a literal or mapped <c>to</c>, or a prefix.</summary>
    public static string LocalSubject(string subject, string? prefix, string? to) =>
        to is { Length: > 0 } ? to : prefix is { Length: > 0 } ? $"{prefix.TrimEnd('.')}.{subject}" : subject;
}

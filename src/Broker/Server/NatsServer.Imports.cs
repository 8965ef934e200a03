using System.Globalization;
using System.Text;
using WebBroker.Broker.Accounts;
using WebBroker.Broker.Clients;
using WebBroker.Broker.Connections;

namespace WebBroker.Broker.Server;

/// <summary>Imports as subscriptions: each account's service imports in its own sublist, its stream imports as
/// shadows of its clients' subscriptions in the exporters', kept in step with the config and the JWT claims.</summary>
public sealed partial class NatsServer
{
    /// <summary>Wires each import of the config file to its exporter (the binder has checked that the export exists and allows it).</summary>
    private void LinkAccounts(ServerOptions options)
    {
        foreach (var importer in options.Accounts)
        {
            if (importer.Imports.Count == 0) continue;
            var into = GetOrAddAccount(importer.Name);
            var services = new List<ServiceImport>();
            var streams = new List<StreamImport>();
            foreach (var import in importer.Imports)
            {
                var exporter = GetOrAddAccount(import.Account);
                if (import.IsService)
                {
                    var export = options.Accounts.FirstOrDefault(a => a.Name == import.Account)?.Exports
                        .FirstOrDefault(e => e.IsService && Subjects.SubjectPattern.Matches(e.Subject, import.Subject));
                    var kind = export is null ? ServiceReply.Singleton : new ServiceReply(export.ResponseType, export.ResponseThreshold, export.Latency);
                    services.Add(new ServiceImport(into, exporter, import.To is { Length: > 0 } to ? to : import.Subject, import.Subject, kind));
                }
                else
                    streams.Add(new StreamImport(into, exporter, import.Subject, StreamImport.LocalSubject(import.Subject, import.Prefix, import.To)));
            }
            ApplyImports(into, services, streams);
        }
    }

    /// <summary>
    /// Installs an account's imports: a service import new or changed gets its subscription before the one it
    /// replaces leaves (none is kept for an import that is gone), and when the stream imports changed, every
    /// subscription of the account's clients gets its shadows again.
    /// </summary>
    private void ApplyImports(Account importer, List<ServiceImport> services, List<StreamImport> streams)
    {
        foreach (var service in services) service.Exporter.Links ??= new AccountLinks(service.Exporter); // it will hold reply routes
        if (importer.Links is null && services.Count == 0 && streams.Count == 0) return;
        var links = importer.Links ??= new AccountLinks(importer);
        var old = links.Services;
        var kept = new ServiceImport[services.Count];
        for (var i = 0; i < services.Count; i++)
        {
            var same = Array.Find(old, s => s.SameAs(services[i]));
            kept[i] = same ?? services[i];
            if (same is null) services[i].Subscription = SubscribeImport(importer, services[i].Subjects.From, services[i]);
        }
        links.Services = kept;
        foreach (var gone in old)
        {
            if (Array.IndexOf(kept, gone) >= 0 || gone.Subscription is not { } sub) continue;
            sub.Closed = true;
            importer.Sublist.Remove(sub);
        }
        var oldStreams = links.Streams;
        if (oldStreams.Length == streams.Count && oldStreams.Zip(streams).All(p => p.First.SameAs(p.Second))) return;
        links.Streams = [.. streams];
        foreach (var client in _clients.Values)
            if (client.Account == importer)
                foreach (var sub in client.Subscriptions) StreamShadows.Refresh(sub);
    }

    /// <summary>An import subscription (service import, or an exporter's reply routes) of the account's internal client.</summary>
    internal Subscription SubscribeImport(Account account, string subject, object import)
    {
        var client = AccountClient(account);
        var sid = Encoding.ASCII.GetBytes(Interlocked.Increment(ref account.InternalSids).ToString(CultureInfo.InvariantCulture));
        var sub = new Subscription(client, account, subject, null, sid) { Import = import };
        account.Sublist.Insert(sub);
        return sub;
    }

    /// <summary>The account's internal client (nats-server's ACCOUNT kind): no pipe, not listed among connections.</summary>
    private Connection AccountClient(Account account)
    {
        lock (account)
        {
            return account.InternalClient ??= new InternalConnection(this, (ulong)Interlocked.Increment(ref _nextClientId), ConnectionKind.Account, account);
        }
    }
}

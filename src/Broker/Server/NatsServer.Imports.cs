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
    private readonly Lock _linkLock = new();

    /// <summary>Wires each import of the config file to its exporter (the binder has checked that the export exists and allows it).</summary>
    private void LinkAccounts(List<AccountOptions> accounts)
    {
        lock (_linkLock) LinkAccountsLocked(accounts);
    }

    private void LinkAccountsLocked(List<AccountOptions> accounts)
    {
        foreach (var importer in accounts)
        {
            var into = GetOrAddAccount(importer.Name);
            var services = new List<ServiceImport>();
            var streams = new List<StreamImport>();
            foreach (var import in importer.Imports)
            {
                var exporter = GetOrAddAccount(import.Account);
                if (import.IsService)
                {
                    var export = accounts.FirstOrDefault(a => a.Name == import.Account)?.Exports
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
    /// Config reload: the accounts' imports and exports as the new file has them (the binder has checked them, cycles
    /// included). Imports added, changed or removed add and remove their subscriptions and shadows; an account
    /// left out of the file keeps none. False when nothing about imports or exports changed.
    /// </summary>
    public bool ReloadAccountLinks(List<AccountOptions> accounts)
    {
        static string Shape(IEnumerable<AccountOptions> list) => string.Join('\n', list.OrderBy(a => a.Name, StringComparer.Ordinal).Select(a =>
            $"{a.Name}|{string.Join(';', a.Exports.Select(e => $"{e.IsService}:{e.Subject}:{string.Join(',', e.Accounts)}:{e.AccountTokenPosition}:{e.ResponseType}:{e.ResponseThreshold}:{e.Latency}"))}" +
            $"|{string.Join(';', a.Imports.Select(i => $"{i.IsService}:{i.Account}:{i.Subject}:{i.Prefix}:{i.To}"))}"));
        if (Shape(Options.Accounts) == Shape(accounts)) return false;
        lock (_linkLock)
        {
            var gone = Options.Accounts.Where(old => accounts.All(a => a.Name != old.Name)).Select(old => old.Name).ToList();
            // Exports and imports as /accountz shows them; users and mappings keep their own reload rules.
            foreach (var account in accounts)
            {
                if (Options.Accounts.FirstOrDefault(a => a.Name == account.Name) is not { } live) Options.Accounts.Add(live = new AccountOptions { Name = account.Name });
                live.Exports = account.Exports;
                live.Imports = account.Imports;
            }
            foreach (var name in gone)
            {
                var live = Options.Accounts.First(a => a.Name == name);
                live.Exports = [];
                live.Imports = [];
            }
            LinkAccountsLocked(Options.Accounts);
        }
        return true;
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

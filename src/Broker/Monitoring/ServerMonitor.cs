using System.Diagnostics;
using WebBroker.Broker.Clients;
using WebBroker.Broker.Server;
using WebBroker.Broker.Subjects;
using WebBroker.Broker.Connections;

namespace WebBroker.Broker.Monitoring;

/// <summary>
/// The data behind nats-server's monitoring endpoints, as plain records. Each method reads
/// snapshots of the server's tables and the counters clients already keep; nothing here takes a
/// lock the message path holds for longer than a copy.
/// </summary>
public static class ServerMonitor
{
    public const string GlobalAccount = "$G";

    public static Varz Varz(NatsServer server, string httpHost, int httpPort, IReadOnlyDictionary<string, long>? httpRequests = null)
    {
        var o = server.Options;
        var now = DateTime.UtcNow;
        var (inMsgs, inBytes, outMsgs, outBytes) = server.Totals();
        using var process = Process.GetCurrentProcess();
        return new Varz
        {
            ServerId = server.ServerId,
            ServerName = server.ServerName,
            Version = NatsServer.ProtocolVersion,
            Go = "dotnet " + Environment.Version,
            Host = o.Host,
            Port = server.BoundPort != 0 ? server.BoundPort : o.Port,
            MaxConnections = o.MaxConnections,
            PingInterval = o.PingInterval.Ticks * 100,
            PingMax = o.MaxPingsOut,
            HttpHost = httpHost,
            HttpPort = httpPort,
            HttpsPort = o.HttpsPort, // as configured (-1 stays -1), like nats-server
            HttpBasePath = o.HttpBasePath ?? "",
            AuthTimeout = o.AuthTimeout.TotalSeconds,
            MaxControlLine = o.MaxControlLine,
            MaxPayload = o.MaxPayload,
            MaxPending = o.MaxPending,
            WriteDeadline = o.WriteDeadline.Ticks * 100,
            Start = GoFormat.Time(server.Started),
            Now = GoFormat.Time(now),
            Uptime = GoFormat.Uptime(now - server.Started),
            Mem = process.WorkingSet64,
            Cores = Environment.ProcessorCount,
            GoMaxProcs = Environment.ProcessorCount,
            Cpu = CpuPercent(process),
            Connections = server.ClientCount,
            TotalConnections = server.TotalConnections,
            InMsgs = inMsgs,
            InBytes = inBytes,
            OutMsgs = outMsgs,
            OutBytes = outBytes,
            SlowConsumers = server.SlowConsumers,
            Subscriptions = server.SubscriptionCount,
            HttpReqStats = httpRequests is null ? [] : new Dictionary<string, long>(httpRequests),
            ConfigLoadTime = GoFormat.Time(server.Started),
            SystemAccount = o.SystemAccount ?? "$SYS",
        };
    }

    public static Connz Connz(NatsServer server, ConnzOptions options)
    {
        var now = DateTime.UtcNow;
        // Subscription lists are built only when asked for: they are most of the work on a large server.
        var withSubscriptions = options.Subs != SubsDetail.None;
        IEnumerable<ConnInfo> all = options.State switch
        {
            ConnState.Open => server.Clients.Select(c => Describe(c, now, withSubscriptions)),
            ConnState.Closed => server.ClosedConnections,
            _ => server.Clients.Select(c => Describe(c, now, withSubscriptions)).Concat(server.ClosedConnections),
        };
        if (options.Cid is { } cid) all = all.Where(c => c.Cid == cid);
        if (options.Account is { } account) all = all.Where(c => c.Account == account);
        var list = Sort(all, options.Sort, options.State).ToList();
        var page = list.Skip(Math.Max(0, options.Offset)).Take(Math.Max(0, options.Limit))
            .Select(c => Shape(c, options)).ToList();
        return new Connz
        {
            ServerId = server.ServerId,
            Now = GoFormat.Time(now),
            NumConnections = page.Count,
            Total = list.Count,
            Offset = options.Offset,
            Limit = options.Limit,
            Connections = page,
        };
    }

    /// <summary>
    /// The subscription counters each account's sublist keeps (constant work per account), and the list
    /// only when asked for: one page, walked lazily through the tries without a lock, in trie order as
    /// nats-server gives it, stopping once the page is full.
    /// </summary>
    public static Subsz Subsz(NatsServer server, SubszOptions options)
    {
        var test = options.Test;
        if (test is not null && !SubjectValidator.IsValidLiteralSubject(System.Text.Encoding.UTF8.GetBytes(test)))
            throw new MonitorOptionException($"invalid test subject, must be valid publish subject: {test}");
        var accounts = server.Accounts.Where(a => options.Account is null || a.Name == options.Account).ToList();
        var stats = new SublistStats();
        foreach (var account in accounts) stats += account.Sublist.Stats();
        var offset = Math.Max(0, options.Offset);
        var limit = options.Limit > 0 ? options.Limit : ConnzOptions.DefaultLimit;
        List<SubDetail>? page = null;
        if (options.Subs)
        {
            page = [.. accounts.SelectMany(a => a.Sublist.Enumerate())
                .Where(s => s.Handler is null && (test is null || SubjectPattern.Matches(s.Subject, test)))
                .Skip(offset).Take(limit).Select(s => Detail(s, withAccount: true))];
        }
        return new Subsz
        {
            ServerId = server.ServerId,
            Now = GoFormat.Time(DateTime.UtcNow),
            NumSubscriptions = stats.Subscriptions,
            NumCache = stats.CacheEntries,
            NumInserts = stats.Inserts,
            NumRemoves = stats.Removes,
            NumMatches = stats.Matches,
            CacheHitRate = stats.CacheHitRate,
            MaxFanout = stats.MaxFanout,
            AvgFanout = stats.AvgFanout,
            // nats-server's total is the length of the page it returns.
            Total = page?.Count ?? 0,
            Offset = offset,
            Limit = limit,
            SubscriptionsList = page is { Count: > 0 } ? page : null,
        };
    }

    public static Accountz Accountz(NatsServer server, string? account)
    {
        var system = server.SystemAccount.Name;
        var now = GoFormat.Time(DateTime.UtcNow);
        if (account is null)
            return new Accountz { ServerId = server.ServerId, Now = now, SystemAccount = system, Accounts = [.. server.Accounts.Select(a => a.Name).Order(StringComparer.Ordinal)] };
        var found = server.FindAccount(account) ?? throw new MonitorOptionException($"Account {account} does not exist");
        return new Accountz
        {
            ServerId = server.ServerId, Now = now, SystemAccount = system,
            AccountDetail = new AccountDetail
            {
                AccountName = found.Name,
                UpdateTime = GoFormat.Time(server.Started),
                IsSystem = found.IsSystem,
                ClientConnections = server.Clients.Count(c => c.Account == found),
                Subscriptions = found.Sublist.Count,
                Exports = ExportsOf(server, found),
                Imports = ImportsOf(server, found),
            },
        };
    }

    /// <summary>What the account exports, from its JWT or the config (null when nothing, as nats-server omits it).</summary>
    private static List<ExportInfo>? ExportsOf(NatsServer server, Accounts.Account account)
    {
        List<ExportInfo> list = account.Jwt is { } claims
            ? [.. claims.Exports.Select(e => new ExportInfo
            {
                Subject = e.Subject, Type = e.IsService ? "service" : "stream", TokenRequired = e.TokenRequired,
                ResponseType = e.IsService ? (e.ResponseType.Length > 0 ? e.ResponseType : "Singleton") : null,
            })]
            : [.. server.Options.Accounts.Where(a => a.Name == account.Name).SelectMany(a => a.Exports).Select(e => new ExportInfo
            {
                Subject = e.Subject, Type = e.IsService ? "service" : "stream",
                ResponseType = e.IsService ? e.ResponseType.ToString() : null,
                ApprovedAccounts = e.Accounts.Count > 0 ? [.. e.Accounts] : null,
            })];
        return list.Count > 0 ? list : null;
    }

    private static List<ImportInfo>? ImportsOf(NatsServer server, Accounts.Account account)
    {
        List<ImportInfo> list = account.Jwt is { } claims
            ? [.. claims.Imports.Select(i => new ImportInfo
            {
                Subject = i.Subject, Account = i.Account, Type = i.IsService ? "service" : "stream",
                LocalSubject = i.LocalSubject.Length > 0 ? i.LocalSubject : i.To.Length > 0 ? i.To : null,
            })]
            : [.. server.Options.Accounts.Where(a => a.Name == account.Name).SelectMany(a => a.Imports).Select(i => new ImportInfo
            {
                Subject = i.Subject, Account = i.Account, Type = i.IsService ? "service" : "stream",
                LocalSubject = i.To ?? i.Prefix,
            })];
        return list.Count > 0 ? list : null;
    }

    /// <summary>Per-account traffic of the accounts that have connections now (as nats-server lists them).</summary>
    public static Accstatz Accstatz(NatsServer server) => new()
    {
        ServerId = server.ServerId,
        Now = GoFormat.Time(DateTime.UtcNow),
        AccountStatz = [.. server.Clients.GroupBy(c => c.Account).OrderBy(g => g.Key.Name, StringComparer.Ordinal).Select(g => new AccountStat
        {
            Account = g.Key.Name,
            Conns = g.Count(),
            TotalConns = g.Count(),
            Sent = new MsgBytes { Msgs = g.Sum(c => c.OutMsgs), Bytes = g.Sum(c => c.OutBytes) },
            Received = new MsgBytes { Msgs = g.Sum(c => c.InMsgs), Bytes = g.Sum(c => c.InBytes) },
        })],
    };

    public static Routez Routez(NatsServer server) => new() { ServerId = server.ServerId, Now = GoFormat.Time(DateTime.UtcNow) };
    public static Gatewayz Gatewayz(NatsServer server) => new() { ServerId = server.ServerId, Now = GoFormat.Time(DateTime.UtcNow) };
    public static Leafz Leafz(NatsServer server) => new() { ServerId = server.ServerId, Now = GoFormat.Time(DateTime.UtcNow) };
    public static Jsz Jsz(NatsServer server) => new() { ServerId = server.ServerId, Now = GoFormat.Time(DateTime.UtcNow) };

    /// <summary>Healthy while the server accepts clients. JetStream does not exist yet, so its checks
    /// pass trivially when asked only for JetStream (as nats-server answers with JetStream disabled).</summary>
    public static Healthz Healthz(NatsServer server) =>
        server.InLameDuckMode ? new Healthz { Status = "unavailable", Error = "server is in lame duck mode" } : new Healthz();

    /// <summary>A connection as /connz shows it, with every optional part filled in; <see cref="Shape"/> trims it.
    /// Without <paramref name="withSubscriptions"/> the subscription lists stay empty (the count is always there).</summary>
    public static ConnInfo Describe(Connection client, DateTime now, bool withSubscriptions = true)
    {
        var subs = withSubscriptions ? client.Subscriptions : [];
        var subscriptionCount = withSubscriptions ? subs.Length : client.SubscriptionCount;
        var stop = client.Stopped;
        var lastActivity = client.LastActivity;
        return new ConnInfo
        {
            Cid = client.Id,
            Kind = client.Kind.ConnzKind(),
            Ip = client.Remote?.Address.ToString() ?? "",
            Port = client.Remote?.Port ?? 0,
            Start = GoFormat.Time(client.Started),
            StartTime = client.Started,
            LastActivity = GoFormat.Time(lastActivity),
            LastActivityTime = lastActivity,
            Stop = stop is { } s ? GoFormat.Time(s) : null,
            StopTime = stop,
            Reason = stop is null ? null : client.ClosedReason.ToText(),
            Rtt = GoFormat.Duration(client.Rtt),
            Uptime = GoFormat.Uptime((stop ?? now) - client.Started),
            Idle = GoFormat.Uptime(now - lastActivity),
            PendingBytes = client.PendingBytes,
            InMsgs = client.InMsgs,
            OutMsgs = client.OutMsgs,
            InBytes = client.InBytes,
            OutBytes = client.OutBytes,
            Subscriptions = subscriptionCount,
            Name = Nonempty(client.Options.Name),
            Lang = Nonempty(client.Options.Lang),
            Version = Nonempty(client.Options.Version),
            AuthorizedUser = Nonempty(client.Options.User),
            Account = client.Account.Name,
            Subjects = [.. subs.Select(s => s.Subject)],
            Details = [.. subs.Select(s => Detail(s, withAccount: false))],
        };
    }

    private static ConnInfo Shape(ConnInfo c, ConnzOptions options) => c with
    {
        AuthorizedUser = options.Auth ? c.AuthorizedUser : null,
        Account = options.Auth ? c.Account : null,
        SubscriptionsList = options.Subs == SubsDetail.List && c.Subjects.Length > 0 ? [.. c.Subjects] : null,
        SubscriptionsListDetail = options.Subs == SubsDetail.Detail && c.Details.Length > 0 ? [.. c.Details] : null,
    };

    private static IEnumerable<ConnInfo> Sort(IEnumerable<ConnInfo> all, string sort, ConnState state) => sort switch
    {
        "cid" or "" => all.OrderBy(c => c.Cid),
        "start" => all.OrderBy(c => c.StartTime),
        "subs" => all.OrderByDescending(c => c.Subscriptions),
        "pending" => all.OrderByDescending(c => c.PendingBytes),
        "msgs_to" => all.OrderByDescending(c => c.OutMsgs),
        "msgs_from" => all.OrderByDescending(c => c.InMsgs),
        "bytes_to" => all.OrderByDescending(c => c.OutBytes),
        "bytes_from" => all.OrderByDescending(c => c.InBytes),
        "last" => all.OrderByDescending(c => c.LastActivityTime),
        "idle" => all.OrderBy(c => c.LastActivityTime),
        "uptime" => all.OrderBy(c => c.StartTime),
        "stop" when state != ConnState.Open => all.OrderByDescending(c => c.StopTime),
        "reason" when state != ConnState.Open => all.OrderBy(c => c.Reason, StringComparer.Ordinal),
        "stop" or "reason" => throw new MonitorOptionException($"Sort by {sort} only valid on closed connections"),
        _ => throw new MonitorOptionException($"Invalid sorting option: {sort}"),
    };

    private static SubDetail Detail(Subscription s, bool withAccount) => new()
    {
        // A stream import's shadow sits in the exporter's sublist but is its client's, as nats-server lists it.
        Account = withAccount ? s.Client.Account.Name : null,
        Subject = s.Subject,
        Queue = s.Queue,
        Sid = s.SidText,
        Msgs = s.Delivered,
        Max = s.Max,
        Cid = s.Client.Id,
    };

    private static string? Nonempty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    private static TimeSpan s_lastCpu;
    private static DateTime s_lastCpuAt;

    /// <summary>CPU use of the process since the previous call, in percent of one core (as nats-server reports it).</summary>
    private static double CpuPercent(Process process)
    {
        var now = DateTime.UtcNow;
        var cpu = process.TotalProcessorTime;
        double percent;
        lock (typeof(ServerMonitor))
        {
            var wall = (now - s_lastCpuAt).TotalSeconds;
            percent = s_lastCpuAt == default || wall <= 0 ? 0 : (cpu - s_lastCpu).TotalSeconds / wall * 100;
            s_lastCpu = cpu;
            s_lastCpuAt = now;
        }
        return Math.Round(percent, 2);
    }
}

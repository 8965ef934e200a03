using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using WebBroker.Broker.Accounts;
using WebBroker.Broker.Clients;
using WebBroker.Broker.Monitoring;
using WebBroker.Broker.Server;
using WebBroker.Broker.Connections;

namespace WebBroker.Broker.Events;

/// <summary>
/// The server's voice in the system account: an internal client that publishes nats-server's
/// $SYS events (connects, disconnects, account connection counts, auth errors, stats, shutdown,
/// lame duck) and answers the $SYS.REQ requests with the same records the HTTP endpoints serve.
/// Only clients bound to the system account can see or reach any of it: each account has its own
/// subject space.
/// </summary>
public sealed partial class SystemService : IDisposable
{
    private static readonly TimeSpan StatszInterval = TimeSpan.FromSeconds(10);

    private readonly NatsServer _server;
    private readonly InternalConnection _internal;
    private readonly Timer _statsz;
    private long _seq;
    private int _nextSid;

    internal SystemService(NatsServer server, ulong internalId)
    {
        _server = server;
        _internal = new InternalConnection(server, internalId, ConnectionKind.System, server.SystemAccount);
        var id = server.ServerId;
        Subscribe("$SYS.REQ.SERVER.PING", (_, _, reply, body) => Answer(reply, body, "STATSZ", requester: null));
        Subscribe("$SYS.REQ.SERVER.PING.*", (c, subject, reply, body) => Answer(reply, body, LastToken(subject), c));
        Subscribe($"$SYS.REQ.SERVER.{id}.*", (c, subject, reply, body) => Answer(reply, body, LastToken(subject), c, direct: true));
        Subscribe("$SYS.REQ.ACCOUNT.*.*", (c, subject, reply, body) => AnswerAccount(subject, reply, body));
        Subscribe("$SYS.REQ.USER.INFO", (c, _, reply, _) => Reply(reply, new ServerApiResponse<UserInfo>
        {
            Server = Who(),
            Data = new UserInfo { User = c.Options.User ?? "", Account = c.Account.Name },
        }, EventJsonContext.Default.ServerApiResponseUserInfo));
        if (server.OperatorMode) SubscribeClaims();
        _statsz = new Timer(_ => PublishStatsz(), null, StatszInterval, StatszInterval);
    }

    /// <summary>Asked of the host: re-read the configuration (true when it could).</summary>
    public Func<bool>? Reload { get; set; }

    /// <summary>Asked of the host: enter lame duck mode, then exit.</summary>
    public Action? LameDuck { get; set; }

    // ---- events

    /// <summary>A tracked service answered: its latency goes to the exporting account's results subject.
    /// The requester's round trip stands in for its share of the time, the rest is the service's.</summary>
    internal void ReportServiceLatency(Account exporter, string subject, Connection? requester, Connection responder, DateTime start)
    {
        var now = DateTime.UtcNow;
        var total = (now - start).Ticks * 100;
        var rtt = (requester?.Rtt.Ticks ?? 0) * 100;
        var value = new ServiceLatencyEvent
        {
            Id = NewId(), Timestamp = GoFormat.Time(now), Start = GoFormat.Time(start),
            Requestor = requester is null ? null : Describe(requester, stopped: false),
            Responder = Describe(responder, stopped: false),
            Service = Math.Max(0, total - rtt), System = 0, Total = total,
        };
        PublishBytes(exporter, subject, JsonSerializer.SerializeToUtf8Bytes(value, EventJsonContext.Default.ServiceLatencyEvent));
    }

    internal void ClientConnected(Connection client)
    {
        var account = client.Account.Name;
        var subject = $"$SYS.ACCOUNT.{account}.CONNECT";
        if (Wanted(subject)) Publish(subject, new ConnectEvent
        {
            Id = NewId(), Timestamp = Now(), Server = Who(), Client = Describe(client, stopped: false),
        }, EventJsonContext.Default.ConnectEvent);
        PublishAccountConns(client.Account);
    }

    internal void ClientDisconnected(Connection client)
    {
        var account = client.Account.Name;
        var subject = $"$SYS.ACCOUNT.{account}.DISCONNECT";
        if (Wanted(subject)) Publish(subject, new DisconnectEvent
        {
            Id = NewId(), Timestamp = Now(), Server = Who(), Client = Describe(client, stopped: true),
            // From the client's side, as nats-server reports it: what it sent, what it received.
            Sent = new MsgBytes { Msgs = client.InMsgs, Bytes = client.InBytes },
            Received = new MsgBytes { Msgs = client.OutMsgs, Bytes = client.OutBytes },
            Reason = client.ClosedReason.ToText(),
        }, EventJsonContext.Default.DisconnectEvent);
        PublishAccountConns(client.Account);
    }

    internal void AuthenticationFailed(Connection client, string? user)
    {
        var failure = new DisconnectEvent
        {
            Id = NewId(), Timestamp = Now(), Server = Who(),
            Client = Describe(client, stopped: true) with { User = user, Account = null },
            Sent = new MsgBytes { Msgs = client.InMsgs, Bytes = client.InBytes }, Received = new MsgBytes(),
            Reason = ClosedReason.AuthenticationViolation.ToText(),
        };
        Publish($"$SYS.SERVER.{_server.ServerId}.CLIENT.AUTH.ERR", failure, EventJsonContext.Default.DisconnectEvent);
        Publish("$SYS.ACCOUNT.CLIENT.AUTH.ERR", failure, EventJsonContext.Default.DisconnectEvent);
    }

    internal void ServerShutdown() => Publish($"$SYS.SERVER.{_server.ServerId}.SHUTDOWN", Who(), EventJsonContext.Default.EventServer);

    internal void EnteringLameDuck() => Publish($"$SYS.SERVER.{_server.ServerId}.LAMEDUCK", Who(), EventJsonContext.Default.EventServer);

    private void PublishStatsz() =>
        Publish($"$SYS.SERVER.{_server.ServerId}.STATSZ", new ServerStatsMsg { Server = Who(), Stats = Stats() }, EventJsonContext.Default.ServerStatsMsg);

    private void PublishAccountConns(Account account)
    {
        var subject = $"$SYS.ACCOUNT.{account.Name}.SERVER.CONNS";
        if (Wanted(subject)) Publish(subject, AccountConns(account), EventJsonContext.Default.AccountConnsEvent);
    }

    /// <summary>Whether a client listens on this system subject. Every connection causes four events, so
    /// those nobody receives are not built at all (describing the client and writing JSON is most of the
    /// cost of a connect otherwise).</summary>
    private bool Wanted(string subject)
    {
        // An account that imports the event has a client's shadow subscription here, so it counts too.
        var result = _server.SystemAccount.Sublist.Match(subject);
        foreach (var sub in result.Plain)
            if (sub.Handler is null) return true;
        foreach (var members in result.Queues)
            foreach (var sub in members)
                if (sub.Handler is null) return true;
        return false;
    }

    // ---- requests

    private void Answer(string? reply, byte[] body, string verb, Connection? requester, bool direct = false)
    {
        if (reply is null) return;
        var options = ParseOptions(body);
        if (!direct && options.ServerName is { } name && name != _server.ServerName) return;
        switch (verb)
        {
            case "STATSZ":
                Reply(reply, new ServerStatsMsg { Server = Who(), Stats = Stats() }, EventJsonContext.Default.ServerStatsMsg);
                break;
            case "VARZ":
                Respond(reply, ServerMonitor.Varz(_server, _server.Options.HttpHost ?? _server.Options.Host, _server.BoundHttpPort != 0 ? _server.BoundHttpPort : _server.Options.HttpPort), EventJsonContext.Default.ServerApiResponseVarz);
                break;
            case "CONNZ":
                Respond(reply, ServerMonitor.Connz(_server, ToConnz(options, account: options.Account ?? options.AccountName)), EventJsonContext.Default.ServerApiResponseConnz);
                break;
            case "SUBSZ":
                Respond(reply, ServerMonitor.Subsz(_server, new SubszOptions { Subs = options.Subscriptions, Offset = options.Offset, Limit = options.Limit > 0 ? options.Limit : ConnzOptions.DefaultLimit, Test = options.Test, Account = options.Account }), EventJsonContext.Default.ServerApiResponseSubsz);
                break;
            case "JSZ":
                Respond(reply, ServerMonitor.Jsz(_server), EventJsonContext.Default.ServerApiResponseJsz);
                break;
            case "HEALTHZ":
                Respond(reply, ServerMonitor.Healthz(_server), EventJsonContext.Default.ServerApiResponseHealthz);
                break;
            case "ACCOUNTZ":
                Respond(reply, ServerMonitor.Accountz(_server, options.Account ?? options.AccountName), EventJsonContext.Default.ServerApiResponseAccountz);
                break;
            case "ROUTEZ":
                Respond(reply, ServerMonitor.Routez(_server), EventJsonContext.Default.ServerApiResponseRoutez);
                break;
            case "GATEWAYZ":
                Respond(reply, ServerMonitor.Gatewayz(_server), EventJsonContext.Default.ServerApiResponseGatewayz);
                break;
            case "LEAFZ":
                Respond(reply, ServerMonitor.Leafz(_server), EventJsonContext.Default.ServerApiResponseLeafz);
                break;
            case "IDZ":
                Respond(reply, new IdInfo { Name = _server.ServerName, Host = _server.Options.Host, Id = _server.ServerId }, EventJsonContext.Default.ServerApiResponseIdInfo);
                break;
            case "KICK" when direct:
                var kick = JsonSerializer.Deserialize(body, EventJsonContext.Default.KickRequest);
                var target = kick is null ? null : _server.Clients.FirstOrDefault(c => c.Id == kick.Cid);
                if (target is null) Fail(reply, 404, $"client {kick?.Cid} not found");
                else
                {
                    target.Close(ClosedReason.Kicked);
                    Respond(reply, new EmptyObject(), EventJsonContext.Default.ServerApiResponseEmptyObject);
                }
                break;
            case "RELOAD" when direct:
                if (Reload?.Invoke() == true) Respond(reply, new EmptyObject(), EventJsonContext.Default.ServerApiResponseEmptyObject);
                else Fail(reply, 500, "config reload failed");
                break;
            case "LDM" when direct:
                Respond(reply, new EmptyObject(), EventJsonContext.Default.ServerApiResponseEmptyObject);
                LameDuck?.Invoke();
                break;
            default:
                Fail(reply, 400, $"unknown request {verb}");
                break;
        }
    }

    private void AnswerAccount(string subject, string? reply, byte[] body)
    {
        if (reply is null) return;
        var tokens = subject.Split('.');
        var (name, verb) = (tokens[3], tokens[4]);
        var options = ParseOptions(body);
        if (name == "PING")
        {
            if (verb == "STATZ") Respond(reply, ServerMonitor.Accstatz(_server), EventJsonContext.Default.ServerApiResponseAccstatz);
            else if (verb == "CONNZ") Respond(reply, ServerMonitor.Connz(_server, ToConnz(options, options.Account)), EventJsonContext.Default.ServerApiResponseConnz);
            return;
        }
        var account = _server.FindAccount(name);
        if (account is null)
        {
            Fail(reply, 404, $"account {name} not found");
            return;
        }
        switch (verb)
        {
            case "CONNZ":
                Respond(reply, ServerMonitor.Connz(_server, ToConnz(options, name)), EventJsonContext.Default.ServerApiResponseConnz);
                break;
            case "SUBSZ":
                Respond(reply, ServerMonitor.Subsz(_server, new SubszOptions { Subs = options.Subscriptions, Test = options.Test, Account = name, Offset = options.Offset, Limit = options.Limit > 0 ? options.Limit : ConnzOptions.DefaultLimit }), EventJsonContext.Default.ServerApiResponseSubsz);
                break;
            case "LEAFZ":
                Respond(reply, ServerMonitor.Leafz(_server), EventJsonContext.Default.ServerApiResponseLeafz);
                break;
            case "JSZ":
                Respond(reply, ServerMonitor.Jsz(_server), EventJsonContext.Default.ServerApiResponseJsz);
                break;
            case "INFO":
                Respond(reply, ServerMonitor.Accountz(_server, name).AccountDetail!, EventJsonContext.Default.ServerApiResponseAccountDetail);
                break;
            case "CONNS":
                Respond(reply, AccountConns(account), EventJsonContext.Default.ServerApiResponseAccountConnsEvent);
                break;
            case "STATZ":
                Respond(reply, ServerMonitor.Accstatz(_server) with { AccountStatz = [.. ServerMonitor.Accstatz(_server).AccountStatz.Where(a => a.Account == name)] }, EventJsonContext.Default.ServerApiResponseAccstatz);
                break;
            default:
                Fail(reply, 400, $"unknown request {verb}");
                break;
        }
    }

    private static ConnzOptions ToConnz(RequestOptions o, string? account) => new()
    {
        Sort = o.Sort ?? "cid",
        Auth = o.Auth,
        Subs = o.SubscriptionsDetail ? SubsDetail.Detail : o.Subscriptions ? SubsDetail.List : SubsDetail.None,
        Offset = o.Offset,
        Limit = o.Limit > 0 ? o.Limit : ConnzOptions.DefaultLimit,
        Cid = o.Cid == 0 ? null : o.Cid,
        State = o.State switch { 1 => ConnState.Closed, 2 => ConnState.All, _ => ConnState.Open },
        Account = account,
    };

    private static RequestOptions ParseOptions(byte[] body)
    {
        if (body.Length == 0) return new RequestOptions();
        try
        {
            return JsonSerializer.Deserialize(body, EventJsonContext.Default.RequestOptions) ?? new RequestOptions();
        }
        catch (JsonException)
        {
            return new RequestOptions();
        }
    }

    private void Respond<T>(string reply, T data, JsonTypeInfo<ServerApiResponse<T>> type) =>
        Reply(reply, new ServerApiResponse<T> { Server = Who(), Data = data }, type);

    private void Fail(string reply, int code, string description) =>
        Reply(reply, new ServerApiResponse<EmptyObject> { Server = Who(), Error = new ApiError { Code = code, Description = description } },
            EventJsonContext.Default.ServerApiResponseEmptyObject);

    private void Reply<T>(string? reply, T value, JsonTypeInfo<T> type)
    {
        if (reply is not null) Publish(reply, value, type);
    }

    // ---- plumbing

    private ServerStats Stats()
    {
        var (inMsgs, inBytes, outMsgs, outBytes) = _server.Totals();
        var varz = ServerMonitor.Varz(_server, "", 0);
        return new ServerStats
        {
            Start = GoFormat.Time(_server.Started), Mem = varz.Mem, Cores = varz.Cores, Cpu = varz.Cpu,
            Connections = _server.ClientCount, TotalConnections = _server.TotalConnections,
            ActiveAccounts = _server.Clients.Select(c => c.Account).Distinct().Count(),
            Subscriptions = _server.SubscriptionCount,
            Sent = new MsgBytes { Msgs = outMsgs, Bytes = outBytes },
            Received = new MsgBytes { Msgs = inMsgs, Bytes = inBytes },
            SlowConsumers = _server.SlowConsumers,
        };
    }

    private AccountConnsEvent AccountConns(Account account)
    {
        var clients = _server.Clients.Where(c => c.Account == account).ToList();
        return new AccountConnsEvent
        {
            Id = NewId(), Timestamp = Now(), Server = Who(), Account = account.Name, Name = account.Name,
            Conns = clients.Count, TotalConns = clients.Count, NumSubscriptions = account.Sublist.Count,
            Sent = new MsgBytes { Msgs = clients.Sum(c => c.OutMsgs), Bytes = clients.Sum(c => c.OutBytes) },
            Received = new MsgBytes { Msgs = clients.Sum(c => c.InMsgs), Bytes = clients.Sum(c => c.InBytes) },
        };
    }

    private EventClient Describe(Connection c, bool stopped) => new()
    {
        Start = GoFormat.Time(c.Started),
        Host = c.Remote?.Address.ToString(),
        Id = c.Id,
        Account = c.Account.Name,
        User = string.IsNullOrEmpty(c.Options.User) ? null : c.Options.User,
        Name = string.IsNullOrEmpty(c.Options.Name) ? null : c.Options.Name,
        Lang = string.IsNullOrEmpty(c.Options.Lang) ? null : c.Options.Lang,
        Version = string.IsNullOrEmpty(c.Options.Version) ? null : c.Options.Version,
        Rtt = c.Rtt.Ticks * 100,
        Server = _server.ServerName,
        Stop = stopped ? GoFormat.Time(c.Stopped ?? DateTime.UtcNow) : null,
    };

    private EventServer Who() => new()
    {
        Name = _server.ServerName, Host = _server.Options.Host, Id = _server.ServerId,
        Version = NatsServer.ProtocolVersion, Seq = (ulong)Interlocked.Increment(ref _seq), Time = Now(),
    };

    private static string Now() => GoFormat.Time(DateTime.UtcNow);

    private static string NewId() => Guid.NewGuid().ToString("N")[..22].ToUpperInvariant();

    private static string LastToken(string subject) => subject[(subject.LastIndexOf('.') + 1)..];

    private void Subscribe(string subject, Action<Connection, string, string?, byte[]> handler) =>
        Subscribe(subject, message => handler(message.From, message.Subject, message.Reply, message.Payload));

    /// <summary>An internal subscription in the system account; its callback runs on the server's
    /// internal receive queue, off the requester's read loop, and gets the message's headers too.</summary>
    internal void Subscribe(string subject, Routing.InternalMessageHandler handler)
    {
        var sid = Encoding.ASCII.GetBytes(Interlocked.Increment(ref _nextSid).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var sub = new Subscription(_internal, _server.SystemAccount, subject, null, sid) { Handler = Guarded(handler) };
        _server.SystemAccount.Sublist.Insert(sub);
    }

    /// <summary>A request that fails on bad options is answered with the error; any other failure is logged, never thrown.</summary>
    private Routing.InternalMessageHandler Guarded(Routing.InternalMessageHandler handler) => message =>
    {
        try
        {
            handler(message);
        }
        catch (Exception ex) when (ex is MonitorOptionException or JsonException or InvalidOperationException)
        {
            if (message.Reply is not null) Fail(message.Reply, 400, ex.Message);
        }
        catch (Exception ex)
        {
            _server.Logger.LogError(ex, "$SYS request on {Subject} failed", message.Subject);
        }
    };

    /// <summary>Publishes in the system account (one member per queue group receives it).</summary>
    private void Publish<T>(string subject, T value, JsonTypeInfo<T> type) =>
        PublishBytes(subject, JsonSerializer.SerializeToUtf8Bytes(value, type));

    private void PublishBytes(string subject, byte[] payload) => PublishBytes(_server.SystemAccount, subject, payload);

    /// <summary>The server's messages take the same router as clients' (mappings, imports, permissions, headers).</summary>
    private void PublishBytes(Account account, string subject, byte[] payload) =>
        Routing.MessageRouter.Publish(new Routing.MessageOrigin(_internal, account),
            new Routing.MessageView(Encoding.UTF8.GetBytes(subject), default, 0, false, payload));

    public void Dispose() => _statsz.Dispose();
}

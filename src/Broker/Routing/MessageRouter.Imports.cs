using System.Buffers;
using System.Text;
using WebBroker.Broker.Accounts;
using WebBroker.Broker.Clients;

namespace WebBroker.Broker.Routing;

/// <summary>The router's cross-account part: what an import subscription does when the sublist matches it.
/// It runs inline, on the publisher's thread and in match order, as nats-server's import callbacks do.</summary>
public static partial class MessageRouter
{
    private const int StackSubjectBytes = 256;
    /// <summary>A bound on service imports chained into one another, beyond the cycle check.</summary>
    private const int MaxImportDepth = 16;

    // The service imports the message on this thread is passing through (to stop at a cycle, as nats-server does).
    [ThreadStatic] private static ServiceImport?[]? t_chain;
    [ThreadStatic] private static int t_depth;

    private static bool CrossAccounts(in MessageOrigin origin, Subscription sub, in MessageView msg, bool imported) => sub.Import switch
    {
        // A message a service brought in is not streamed on to importers (nats-server's rule).
        StreamImport stream => !imported && DeliverStream(origin, sub, stream, msg),
        ServiceImport service => ServiceRequest(origin, service, msg),
        AccountLinks links => ServiceReply(origin, links, msg),
        _ => false,
    };

    /// <summary>A stream import's shadow: the message goes to the importing client under the importer's subject.</summary>
    private static bool DeliverStream(in MessageOrigin origin, Subscription shadow, StreamImport stream, in MessageView msg)
    {
        var subjects = stream.Subjects;
        if (subjects.Identity) return Deliver(origin, shadow, msg);
        var max = subjects.MaxLength(msg.Subject.Length);
        byte[]? rented = null;
        var buffer = max <= StackSubjectBytes ? stackalloc byte[StackSubjectBytes] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            var length = subjects.Apply(msg.Subject, buffer);
            return Deliver(origin, shadow, msg.With(buffer[..length], msg.Reply));
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// A service import matched in the importing account: the request goes on into the exporter under the
    /// exported subject (and the exporter's mappings), its reply rewritten to one of the exporter's <c>_R_</c>
    /// subjects. Like nats-server, the import counts as a receiver whether or not the exporter has one.
    /// </summary>
    private static bool ServiceRequest(in MessageOrigin origin, ServiceImport service, in MessageView msg)
    {
        if (!EnterChain(service)) return true;
        byte[]? rented = null;
        try
        {
            scoped var subject = msg.Subject;
            var subjects = service.Subjects;
            var max = subjects.Identity ? 0 : subjects.MaxLength(subject.Length);
            var buffer = max <= StackSubjectBytes ? stackalloc byte[max] : (rented = ArrayPool<byte>.Shared.Rent(max));
            if (!subjects.Identity) subject = buffer[..subjects.Apply(subject, buffer)];
            var exporter = service.Exporter;
            if (exporter.Mapper?.Map(subject) is { } mapped) subject = mapped;
            string? routed = null;
            if (!msg.Reply.IsEmpty && exporter.Links is { } links)
                routed = links.RouteReply(service.Importer, Encoding.UTF8.GetString(msg.Reply), service.Reply, origin.Connection, origin.Connection.Server);
            var delivered = Route(origin, exporter, msg.With(subject, routed is null ? default : Encoding.UTF8.GetBytes(routed)), imported: true);
            if (!delivered && routed is not null) exporter.Links!.DropReply(routed);
            return true;
        }
        finally
        {
            ExitChain();
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>A reply on one of the exporter's <c>_R_</c> subjects goes back to the requester's own reply subject
    /// (which may lead on through another import's <c>_R_</c>).</summary>
    private static bool ServiceReply(in MessageOrigin origin, AccountLinks links, in MessageView msg)
    {
        if (!links.TryTakeReply(Encoding.UTF8.GetString(msg.Subject), out var back) || !EnterChain(null)) return false;
        try
        {
            var answered = Route(origin, back.Requester, msg.With(Encoding.UTF8.GetBytes(back.Reply), default), imported: true);
            if (back.Latency is { } latency && Random.Shared.Next(100) < latency.Sampling)
                origin.Connection.Server.System.ReportServiceLatency(links.Account, latency.Subject, back.Client, origin.Connection, back.Start);
            return answered;
        }
        finally
        {
            ExitChain();
        }
    }

    /// <summary>False when the message already passed through <paramref name="service"/> (a cycle of imports) or
    /// through too many imports.</summary>
    private static bool EnterChain(ServiceImport? service)
    {
        var chain = t_chain ??= new ServiceImport?[MaxImportDepth];
        if (t_depth == MaxImportDepth) return false;
        if (service is not null)
            for (var i = 0; i < t_depth; i++)
                if (chain[i] == service) return false;
        chain[t_depth++] = service;
        return true;
    }

    private static void ExitChain() => t_chain![--t_depth] = null;
}

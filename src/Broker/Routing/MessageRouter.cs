using System.Text;
using WebBroker.Broker.Accounts;
using WebBroker.Broker.Clients;
using WebBroker.Broker.Protocol;
using WebBroker.Broker.Server;
using WebBroker.Broker.Subjects;
using WebBroker.Broker.Connections;

namespace WebBroker.Broker.Routing;

/// <summary>
/// The one place where a published message finds its receivers, whoever publishes it (clients, the
/// system service, and later JetStream, MQTT sessions and other servers): subject mappings, the
/// account's subscribers (one member per queue group), streams and services across accounts,
/// receive permissions, headers for receivers that did not ask for them, internal subscribers
/// (through the internal receive queue), and no-responders. Publish permissions are the caller's
/// (they answer with an -ERR on the publisher's own protocol).
/// </summary>
public static partial class MessageRouter
{
    /// <summary>Routes <paramref name="message"/>; returns whether anyone received it.</summary>
    public static bool Publish(in MessageOrigin origin, in MessageView message)
    {
        var msg = message;
        if (origin.Account.Mapper?.Map(msg.Subject) is { } mapped) msg = msg.With(mapped, msg.Reply);
        var delivered = Route(origin, origin.Account, msg);
        if (!delivered && !msg.Reply.IsEmpty && origin.Connection.NoResponders) SendNoResponders(origin, msg.Subject, msg.Reply);
        return delivered;
    }

    /// <summary>Delivers to every plain subscriber of <paramref name="account"/> and one member per queue group;
    /// the account's import subscriptions take the message across (<see cref="CrossAccounts"/>).
    /// <paramref name="imported"/>: a service import brought the message in.</summary>
    private static bool Route(in MessageOrigin origin, Account account, in MessageView msg, bool imported = false)
    {
        var result = account.Sublist.Match(msg.Subject);
        var publisher = origin.Connection;
        var echo = publisher.Echo;
        var delivered = false;
        foreach (var sub in result.Plain)
        {
            if (sub.Client == publisher && !echo) continue;
            delivered |= sub.Import is null ? Deliver(origin, sub, msg) : CrossAccounts(origin, sub, msg, imported);
        }
        foreach (var members in result.Queues)
        {
            var start = members.Length == 1 ? 0 : Random.Shared.Next(members.Length);
            for (var i = 0; i < members.Length; i++)
            {
                var sub = members[(start + i) % members.Length];
                if (sub.Client == publisher && !echo) continue;
                if (sub.Import is null ? Deliver(origin, sub, msg) : CrossAccounts(origin, sub, msg, imported))
                {
                    delivered = true;
                    break;
                }
            }
        }
        return delivered;
    }

    private static bool Deliver(in MessageOrigin origin, Subscription sub, in MessageView msg)
    {
        if (sub.Closed || !sub.TryCountDelivery(out var last)) return false;
        var publisher = origin.Connection;
        if (sub.Handler is { } handler)
        {
            publisher.Server.InternalQueue.Enqueue(handler, new InternalMessage(publisher, Encoding.UTF8.GetString(msg.Subject),
                msg.Reply.IsEmpty ? null : Encoding.UTF8.GetString(msg.Reply), msg.Headers.ToArray(), msg.Body.ToArray()));
            return true;
        }
        var target = sub.Client;
        if (target.Permissions is { } perms)
        {
            if (!perms.CanReceive(msg.Subject)) return false;
            if (perms.TracksResponses && !msg.Reply.IsEmpty) perms.RecordReply(msg.Reply);
        }
        // A subscriber that did not ask for headers gets the message without them, as a MSG.
        var queued = msg.WithHeaders && !target.Headers
            ? target.EnqueueMessage(sub.Sid, msg.Subject, msg.Reply, 0, false, msg.Body)
            : target.EnqueueMessage(sub.Sid, msg.Subject, msg.Reply, msg.HeaderSize, msg.WithHeaders, msg.Payload);
        if (!queued) return false;
        if (target.Server.Options.Trace) target.TraceOut($"MSG {Encoding.UTF8.GetString(msg.Subject)} {sub.SidText} {msg.Payload.Length}");
        Flush(publisher, target);
        if (last) target.RemoveSubscription(sub.Shadowed ?? sub);
        return true;
    }

    /// <summary>A client's read loop flushes the receivers once per batch; an internal publisher has no
    /// loop (and may publish from several threads), so its receivers are flushed at once.</summary>
    private static void Flush(Connection publisher, Connection target)
    {
        if (publisher.Kind.IsInternal()) target.FlushOutbound();
        else publisher.Touch(target);
    }

    /// <summary>The 503 status a requester gets when nobody listens (it must have a sub on the reply subject).</summary>
    private static void SendNoResponders(in MessageOrigin origin, ReadOnlySpan<byte> subject, ReadOnlySpan<byte> reply)
    {
        var publisher = origin.Connection;
        Subscription? own = null;
        foreach (var sub in origin.Account.Sublist.Match(reply).Plain)
        {
            if (sub.Client == publisher) { own = sub; break; }
        }
        if (own is null) return;
        var headerLength = ProtocolLiterals.NoRespondersHeaderStart.Length + subject.Length + ProtocolLiterals.HeaderEnd.Length;
        var header = headerLength <= 512 ? stackalloc byte[headerLength] : new byte[headerLength];
        ProtocolLiterals.NoRespondersHeaderStart.CopyTo(header);
        subject.CopyTo(header[ProtocolLiterals.NoRespondersHeaderStart.Length..]);
        ProtocolLiterals.HeaderEnd.CopyTo(header[(headerLength - ProtocolLiterals.HeaderEnd.Length)..]);
        if (publisher.EnqueueMessage(own.Sid, reply, default, headerLength, true, header)) Flush(publisher, publisher);
    }
}

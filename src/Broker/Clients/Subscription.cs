using System.Text;
using WebBroker.Broker.Subjects;
using WebBroker.Broker.Connections;

namespace WebBroker.Broker.Clients;

/// <summary>One SUB of one client: its subject, optional queue group, sid and auto-unsubscribe limit.</summary>
public sealed class Subscription : ISublistEntry
{
    private long _delivered;

    internal Subscription(Connection client, Accounts.Account account, string subject, string? queue, byte[] sid)
    {
        Client = client;
        Account = account;
        Subject = subject;
        Queue = queue;
        Sid = sid;
    }

    public Connection Client { get; }
    /// <summary>The account whose subject index holds this subscription.</summary>
    public Accounts.Account Account { get; }
    public string Subject { get; }
    public string? Queue { get; }
    /// <summary>The sid exactly as the client sent it, ready to be written into MSG lines.</summary>
    internal byte[] Sid { get; }
    public string SidText => Encoding.UTF8.GetString(Sid);
    /// <summary>Messages after which the subscription ends itself (UNSUB sid max); 0 for none.</summary>
    public long Max { get; internal set; }
    public long Delivered => Volatile.Read(ref _delivered);
    internal bool Closed { get; set; }

    /// <summary>For the server's internal subscriptions (system account requests): called, through the
    /// internal receive queue, with the message instead of writing a MSG.</summary>
    internal Routing.InternalMessageHandler? Handler { get; init; }

    /// <summary>
    /// Counts one delivery against the UNSUB limit. Returns false when the limit was already reached
    /// (the message must not be sent); <paramref name="last"/> tells that this delivery reaches it.
    /// </summary>
    internal bool TryCountDelivery(out bool last)
    {
        var n = Interlocked.Increment(ref _delivered);
        var max = Max;
        last = max > 0 && n == max;
        return max <= 0 || n <= max;
    }
}
